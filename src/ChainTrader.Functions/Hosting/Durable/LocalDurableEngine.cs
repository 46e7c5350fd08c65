using System.Diagnostics;
using System.Net;
using System.Reflection;
using Azure.Data.Tables;
using ChainTrader.Adapters.Storage;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Grpc;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Hosting;
using Microsoft.Extensions.Options;

namespace ChainTrader.Functions.Hosting.Durable;

/// <summary>
/// The standalone host's Durable engine: Azure Storage orchestration service on the app's storage account, served over
/// gRPC on loopback by the sidecar, with the Durable worker and client connected to it (the shape the Functions host has,
/// so orchestrators and activities run the same in both).
/// </summary>
public sealed partial class LocalDurableEngine(
    IConfiguration configuration,
    IOptions<DurableEngineOptions> options,
    DurableFunctions functions,
    IServiceProvider services,
    ILoggerFactory loggerFactory,
    ILogger<LocalDurableEngine> logger) : IHostedService, IAsyncDisposable
{
    private AzureStorageOrchestrationService? _service;
    private StoppableOrchestrationService? _dispatchers;
    private WebApplication? _sidecar;
    private GrpcChannel? _channel;
    private IHost? _worker;
    private GrpcDurableTaskClient? _client;

    /// <summary>The client for this engine's task hub; the app's <see cref="DurableTaskClient"/> registration returns it.</summary>
    public DurableTaskClient Client => _client ?? throw new InvalidOperationException("The local Durable engine has not started.");

    public string TaskHubName => options.Value.TaskHubName;

    /// <summary>The sidecar's loopback address, once started.</summary>
    public Uri? Address { get; private set; }

    /// <summary>Whether the worker's work-item stream is still running (it ends only on stop or a fatal error).</summary>
    public bool WorkerRunning => _worker?.Services.GetServices<IHostedService>().OfType<DurableTaskWorker>().SingleOrDefault() is { ExecuteTask: { IsCompleted: false } };

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = options.Value.TaskHubName,
            StorageAccountClientProvider = StorageProvider(),
            MaxQueuePollingInterval = options.Value.DurableMaxQueuePollingInterval,
            // One app instance owns everything locally; one control queue means one lease to take at start.
            PartitionCount = 1,
            // Two processes on one hub (a restart before the old lease expires) must not be the same owner, and a
            // restarted app must be able to tell that the owner it finds has ended (see EndedOwnerLeases).
            WorkerId = LocalWorkerId.ForThisProcess().ToString(),
            UseTablePartitionManagement = true,
            ControlQueueVisibilityTimeout = options.Value.DurableMessageVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = options.Value.DurableMessageVisibilityTimeout,
            LoggerFactory = loggerFactory,
        };
        _service = new AzureStorageOrchestrationService(settings);
        await _service.CreateIfNotExistsAsync().WaitAsync(cancellationToken);
        // A lease left by a killed process would keep this app from running orchestrations until it expired.
        var partitions = settings.StorageAccountClientProvider.Table.CreateClient(new TableClientOptions()).GetTableClient($"{settings.TaskHubName}Partitions");
        await new EndedOwnerLeases(partitions, loggerFactory.CreateLogger<EndedOwnerLeases>())
            .ExpireAsync(Environment.MachineName, LocalWorkerId.RunningProcessStart, cancellationToken);

        // The worker's first call is its work-item stream: the sidecar must be listening before the worker starts.
        _sidecar = BuildSidecar(_service);
        await _sidecar.StartAsync(cancellationToken);
        Address = new Uri(_sidecar.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        _channel = GrpcChannel.ForAddress(Address);

        _worker = BuildWorker(_channel);
        await _worker.StartAsync(cancellationToken);
        await ServiceStartedAsync(_service, cancellationToken);
        _client = new GrpcDurableTaskClient("ChainTrader", new GrpcDurableTaskClientOptions { Channel = _channel }, loggerFactory.CreateLogger<GrpcDurableTaskClient>());
        LogStarted(logger, settings.TaskHubName, Address, functions.All.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // The sidecar's stop comes first, while the worker still answers: it stops its dispatchers and waits for the work
        // items the worker holds. A work item sent to a stopped worker never completes, its orchestration session never
        // ends, and the service's graceful stop, which releases the partition lease only once no session is active,
        // would wait for it. Then the service stops: gracefully when the work in flight finished, forced (its sessions
        // given up; their messages reappear after the visibility timeout) when it did not within the bound.
        if (_sidecar is not null && _dispatchers is not null && _service is not null)
        {
            _sidecar.Lifetime.StopApplication();
            await Task.WhenAny(_dispatchers.DispatchersStopped, Task.Delay(StopBound, cancellationToken));
            var drained = _dispatchers.DispatchersStopped.IsCompleted;
            if (!drained) LogForcedStop(logger, StopBound.TotalSeconds);
            await StopServiceAsync(_service, isForced: !drained);
        }
        if (_worker is not null) await _worker.StopAsync(cancellationToken);
        if (_client is not null) await _client.DisposeAsync();
        if (_sidecar is not null) await _sidecar.StopAsync(cancellationToken);
        if (_channel is not null) await _channel.ShutdownAsync();
    }

    /// <summary>
    /// Stops the service within <see cref="StopBound"/>. A stop that cannot finish (storage unreachable: the lease can be
    /// neither written nor released) is left behind; the lease then expires on its own and another instance takes over.
    /// </summary>
    private async Task StopServiceAsync(AzureStorageOrchestrationService service, bool isForced)
    {
        try
        {
            await service.StopAsync(isForced).WaitAsync(StopBound);
        }
        catch (Exception ex)
        {
            LogStopIncomplete(logger, ex.GetType().Name, ex.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _worker?.Dispose();
        if (_sidecar is not null) await _sidecar.DisposeAsync();
        _channel?.Dispose();
    }

    /// <summary>How long a stop waits for the work in flight, and then for the service to stop.</summary>
    private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(20);

    // AzureStorageOrchestrationService 2.11.3 keeps whether it runs in this field and says so nowhere public.
    private static readonly FieldInfo ServiceStarted = typeof(AzureStorageOrchestrationService).GetField("isStarted", BindingFlags.NonPublic | BindingFlags.Instance)
        ?? throw new InvalidOperationException("AzureStorageOrchestrationService has no isStarted field: check the engine's start wait against this DurableTask.AzureStorage version.");

    /// <summary>
    /// Waits until the sidecar has started the service, which it does once the worker's work-item stream connects: an
    /// engine that has returned from its start runs orchestrations, and its stop has a started service to stop.
    /// </summary>
    private static async Task ServiceStartedAsync(AzureStorageOrchestrationService service, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(TimeSpan.FromMinutes(2));
        while (!(bool)ServiceStarted.GetValue(service)!)
            await Task.Delay(TimeSpan.FromMilliseconds(20), bounded.Token);
    }

    private StorageAccountClientProvider StorageProvider()
    {
        var connectionString = configuration[StorageConnectionFactory.DefaultConnectionName];
        if (!string.IsNullOrWhiteSpace(connectionString))
            return new StorageAccountClientProvider(connectionString);
        var connection = StorageConnectionFactory.FromConfiguration(configuration);
        return new StorageAccountClientProvider(
            connection.BlobEndpoint ?? throw new InvalidOperationException("The Durable engine needs the blob endpoint (AzureWebJobsStorage__blobServiceUri or __accountName)."),
            connection.QueueEndpoint ?? throw new InvalidOperationException("The Durable engine needs the queue endpoint (AzureWebJobsStorage__queueServiceUri or __accountName)."),
            connection.TableEndpoint,
            connection.Credential ?? throw new InvalidOperationException("The Durable engine needs a storage credential."));
    }

    private WebApplication BuildSidecar(AzureStorageOrchestrationService service)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddGrpc();
        _dispatchers = new StoppableOrchestrationService(service);
        builder.Services.AddSingleton<IOrchestrationService>(_dispatchers);
        builder.Services.AddSingleton<IOrchestrationServiceClient>(service);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        var sidecar = builder.Build();
        sidecar.MapGrpcService<TaskHubGrpcServer>();
        return sidecar;
    }

    private IHost BuildWorker(GrpcChannel channel)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddDurableTaskWorker(worker =>
        {
            worker.UseGrpc(channel);
            worker.AddTasks(registry => functions.AddTo(registry, services));
        });
        return builder.Build();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Durable engine: work items still running {Seconds} s into the stop; stopping the orchestration service without them (they run again after their visibility timeout)")]
    private static partial void LogForcedStop(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Durable engine: the orchestration service did not stop ({Error}: {Reason}); its partition lease expires on its own")]
    private static partial void LogStopIncomplete(ILogger logger, string error, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Durable engine on task hub {TaskHub} serving at {Address} with {Functions} functions, started in {ElapsedMs} ms")]
    private static partial void LogStarted(ILogger logger, string taskHub, Uri address, int functions, double elapsedMs);
}
