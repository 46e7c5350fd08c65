using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace ChainTrader.Adapters.Rpc;

/// <summary>
/// The RPC endpoints of one chain behind one <see cref="IRpcChannel"/>. Each call goes to the best-ranked usable endpoint
/// (fewest recent faults, then lowest EWMA latency plus block-lag penalty, then configured order) and fails over to the
/// next on an endpoint fault; when every endpoint failed, the whole round is retried with exponential backoff.
/// JSON-RPC errors (reverts, nonce too low...) are answers, not faults: they return to the caller at once.
/// Each endpoint has a Polly circuit breaker (opens after N consecutive faults) and a Polly per-request timeout; an
/// endpoint serving another chain is never used, and one lagging too far behind (seen by <see cref="ProbeAsync"/>) is
/// skipped until it catches up. When every routable endpoint's circuit is open there is nothing to fail over to, so an
/// open endpoint gets a trial call every <see cref="RpcPoolOptions.LastResortTrialInterval"/> instead of waiting out the
/// break; a probe of an open endpoint asks the node directly. A trial or probe that is answered closes the circuit.
/// </summary>
public sealed class RpcPool : IRpcChannel
{
    /// <summary>Weight of the newest latency sample in the moving average.</summary>
    private const double LatencySmoothing = 0.3;

    private readonly RpcPoolOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<RpcPool> _logger;
    private readonly Endpoint[] _endpoints;
    private readonly ResiliencePipeline _retry;

    public RpcPool(ulong chainId, IReadOnlyList<Uri> endpoints, HttpClient http, RpcPoolOptions options, TimeProvider timeProvider, ILogger<RpcPool> logger)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        if (endpoints.Count == 0) throw new ArgumentException($"The RPC pool for chain {chainId} needs at least one endpoint.", nameof(endpoints));
        for (var i = 0; i < endpoints.Count; i++)
        {
            if (endpoints[i] is null) throw new ArgumentException($"RPC endpoint #{i} for chain {chainId} is null.", nameof(endpoints));
            for (var j = 0; j < i; j++)
            {
                if (endpoints[j] == endpoints[i])
                    throw new ArgumentException($"RPC endpoints #{j} and #{i} for chain {chainId} are the same ({RpcEndpointUrl.Redact(endpoints[i])}).", nameof(endpoints));
            }
        }
        new RpcPoolOptionsValidator().ThrowIfInvalid(options);

        ChainId = chainId;
        _options = options;
        _time = timeProvider;
        _logger = logger;
        _endpoints = endpoints.Select((uri, i) => CreateEndpoint(i, new JsonRpcClient(http, uri))).ToArray();
        _retry = options.MaxRetryAttempts == 0
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder { TimeProvider = timeProvider }
                .AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is RpcPoolUnavailableException { EndpointsWereTried: true }),
                    MaxRetryAttempts = options.MaxRetryAttempts,
                    Delay = options.RetryBaseDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = false,
                    OnRetry = args =>
                    {
                        _logger.LogWarning("Every RPC endpoint of chain {ChainId} failed; retry {Attempt} of {MaxAttempts} in {Delay}",
                            ChainId, args.AttemptNumber + 1, options.MaxRetryAttempts, args.RetryDelay);
                        return default;
                    },
                })
                .Build();
    }

    public ulong ChainId { get; }

    /// <summary>An endpoint's circuit opened (it will be skipped for the break duration).</summary>
    public event EventHandler<RpcCircuitEvent>? CircuitOpened;

    /// <summary>An endpoint's circuit closed again after a successful trial call.</summary>
    public event EventHandler<RpcCircuitEvent>? CircuitClosed;

    public Task<T> CallAsync<T>(RpcCall<T> call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        return ExecuteAsync(call.Method, (client, ct) => client.CallAsync(call, ct), cancellationToken);
    }

    public Task SendBatchAsync(RpcBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return ExecuteAsync($"batch of {batch.Count}", async (client, ct) =>
        {
            await client.SendBatchAsync(batch, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Shares another instance's verdict: its probe found endpoint <paramref name="endpointIndex"/> failing, so this pool
    /// ranks it after every endpoint not so marked until <paramref name="until"/> (or <see cref="ClearDemotion"/>). It is
    /// still tried as a last resort, so a wrong shared view costs latency, never availability.
    /// </summary>
    public void Demote(int endpointIndex, DateTimeOffset until) => EndpointAt(endpointIndex).SetDemotedUntil(until);

    /// <summary>The shared view says the endpoint is healthy again: rank it on its own merits.</summary>
    public void ClearDemotion(int endpointIndex) => EndpointAt(endpointIndex).SetDemotedUntil(null);

    /// <summary>The current state of every endpoint, in configured order.</summary>
    public IReadOnlyList<RpcEndpointHealth> GetHealth()
    {
        var now = _time.GetUtcNow();
        return _endpoints.Select(e => e.Snapshot(now)).ToList();
    }

    /// <summary>
    /// Asks every endpoint (except those on the wrong chain) for chain id and head block in one batch each, through its
    /// breaker and timeout; updates latency, head and lag. An endpoint more than <see cref="RpcPoolOptions.MaxLagBlocks"/>
    /// behind the best head counts as a failed call and is skipped until a later probe sees it caught up.
    /// </summary>
    public async Task<IReadOnlyList<RpcEndpointHealth>> ProbeAsync(CancellationToken cancellationToken = default)
    {
        var probed = _endpoints.Where(e => !e.ChainMismatch).ToArray();
        var heads = probed.Select(_ => new TaskCompletionSource<ulong?>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var bestHead = Task.WhenAll(heads.Select(h => h.Task)).ContinueWith(
            all => all.Result.Max(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        await Task.WhenAll(probed.Select((e, i) => ProbeEndpointAsync(e, heads[i], bestHead, cancellationToken))).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return GetHealth();
    }

    private async Task ProbeEndpointAsync(Endpoint endpoint, TaskCompletionSource<ulong?> head, Task<ulong?> bestHead, CancellationToken cancellationToken)
    {
        try
        {
            // A probe says what the node says now: an open circuit would only repeat the last verdict.
            var direct = endpoint.IsBlocked(_time.GetUtcNow());
            Func<CancellationToken, Task<bool>> probe = async token =>
            {
                var (chainId, headBlock) = await RequestAsync(endpoint, async (client, ct) =>
                {
                    var batch = client.CreateBatch();
                    var chain = batch.Add(Eth.ChainId());
                    var number = batch.Add(Eth.BlockNumber());
                    await batch.SendAsync(ct).ConfigureAwait(false);
                    if ((chain.Error ?? number.Error) is { } error)
                        throw new RpcMalformedResponseException(endpoint.Url, $"{endpoint.Url} failed the health probe: {error.Message}", error);
                    return (chain.Result, number.Result);
                }, token).ConfigureAwait(false);
                CheckChain(endpoint, chainId);
                head.TrySetResult(headBlock);

                // Waits for the other endpoints' answers (each bounded by its timeout) to know the best head.
                var best = await bestHead.WaitAsync(token).ConfigureAwait(false) ?? headBlock;
                var lag = best - headBlock;
                endpoint.SetHead(headBlock, lag, lag > _options.MaxLagBlocks);
                if (lag > _options.MaxLagBlocks) throw new RpcEndpointLaggingException(endpoint.Url, headBlock, best, _options.MaxLagBlocks);
                return true;
            };
            await (direct ? TrialAsync(endpoint, probe, cancellationToken) : AttemptAsync(endpoint, probe, cancellationToken)).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Already recorded against the endpoint; a probe reports through the health snapshot, not by throwing.
            _logger.LogDebug("Probe of {Endpoint} (chain {ChainId}) failed: {Error}", endpoint.Url, ChainId, Describe(e));
        }
        finally
        {
            head.TrySetResult(null);
        }
    }

    private async Task<T> ExecuteAsync<T>(string what, Func<JsonRpcClient, CancellationToken, Task<T>> action, CancellationToken cancellationToken) =>
        await _retry.ExecuteAsync(token => new ValueTask<T>(RunRoundAsync(what, action, token)), cancellationToken).ConfigureAwait(false);

    /// <summary>Tries the usable endpoints best first until one answers.</summary>
    private async Task<T> RunRoundAsync<T>(string what, Func<JsonRpcClient, CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        var tried = false;
        var ranked = Ranked();
        var now = _time.GetUtcNow();
        var lastResort = ranked.All(e => e.IsBlocked(now));
        foreach (var endpoint in ranked)
        {
            async Task<T> Body(CancellationToken token)
            {
                if (!endpoint.ChainVerified)
                    CheckChain(endpoint, await RequestAsync(endpoint, (client, ct) => client.CallAsync(Eth.ChainId(), ct), token).ConfigureAwait(false));
                return await RequestAsync(endpoint, action, token).ConfigureAwait(false);
            }

            try
            {
                if (lastResort && endpoint.TryBeginTrial(now, _options.LastResortTrialInterval))
                {
                    tried = true;
                    return await TrialAsync(endpoint, Body, cancellationToken).ConfigureAwait(false);
                }
                return await AttemptAsync(endpoint, Body, cancellationToken).ConfigureAwait(false);
            }
            catch (BrokenCircuitException)
            {
                // Open circuit: Polly rejected the call without sending it.
            }
            catch (Exception e) when (RpcFaults.IsEndpointFault(e) && !cancellationToken.IsCancellationRequested)
            {
                tried = true;
            }
        }
        throw new RpcPoolUnavailableException(ChainId,
            tried ? $"every usable endpoint failed {what}." : $"no endpoint can take {what}: every circuit is open or every endpoint is excluded.",
            GetHealth(), tried);
    }

    private Endpoint EndpointAt(int index) =>
        index >= 0 && index < _endpoints.Length
            ? _endpoints[index]
            : throw new ArgumentOutOfRangeException(nameof(index), index, $"Chain {ChainId} has {_endpoints.Length} RPC endpoints (0-{_endpoints.Length - 1}).");

    private List<Endpoint> Ranked()
    {
        var now = _time.GetUtcNow();
        return _endpoints
            .Where(e => !e.ChainMismatch && !e.Lagging)
            .OrderBy(e => e.IsBlocked(now))
            .ThenBy(e => e.IsDemoted(now))
            .ThenBy(e => e.ConsecutiveFailures > 0)
            .ThenBy(e => e.Score(_options.LagPenaltyPerBlock))
            .ThenBy(e => e.Index)
            .ToList();
    }

    /// <summary>Runs <paramref name="body"/> through the endpoint's circuit breaker and records the outcome.</summary>
    private async Task<T> AttemptAsync<T>(Endpoint endpoint, Func<CancellationToken, Task<T>> body, CancellationToken cancellationToken)
    {
        var ran = false;
        try
        {
            var result = await endpoint.Breaker.ExecuteAsync(token =>
            {
                ran = true;
                return new ValueTask<T>(body(token));
            }, cancellationToken).ConfigureAwait(false);
            await endpoint.RecordAnsweredAsync().ConfigureAwait(false);
            return result;
        }
        catch (Exception e) when (ran)
        {
            if (RpcFaults.IsEndpointFault(e))
            {
                var failures = endpoint.RecordFault(Describe(e), _time.GetUtcNow());
                _logger.LogWarning("RPC endpoint {Endpoint} (chain {ChainId}) failed ({Failures} in a row): {Error}", endpoint.Url, ChainId, failures, Describe(e));
            }
            else
            {
                // A JSON-RPC error or a cancellation: Polly counted it as a success, so the fault streak is over too.
                await endpoint.RecordAnsweredAsync().ConfigureAwait(false);
            }
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> past an open circuit (a last-resort trial or a probe). An answer closes the circuit at
    /// once; a fault is recorded and leaves it open.
    /// </summary>
    private async Task<T> TrialAsync<T>(Endpoint endpoint, Func<CancellationToken, Task<T>> body, CancellationToken cancellationToken)
    {
        try
        {
            var result = await body(cancellationToken).ConfigureAwait(false);
            await endpoint.RecordTrialAnsweredAsync().ConfigureAwait(false);
            return result;
        }
        catch (Exception e) when (RpcFaults.IsEndpointFault(e))
        {
            var failures = endpoint.RecordFault(Describe(e), _time.GetUtcNow());
            _logger.LogWarning("RPC endpoint {Endpoint} (chain {ChainId}) still failing its trial ({Failures} in a row): {Error}", endpoint.Url, ChainId, failures, Describe(e));
            throw;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A JSON-RPC error is an answer: the node is up.
            await endpoint.RecordTrialAnsweredAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>One request within the per-request timeout, timing it for the latency average.</summary>
    private async Task<T> RequestAsync<T>(Endpoint endpoint, Func<JsonRpcClient, CancellationToken, Task<T>> action, CancellationToken cancellationToken) =>
        await endpoint.Timeout.ExecuteAsync(async ct =>
        {
            var started = _time.GetTimestamp();
            var result = await action(endpoint.Client, ct).ConfigureAwait(false);
            endpoint.RecordLatency(_time.GetElapsedTime(started));
            return result;
        }, cancellationToken).ConfigureAwait(false);

    private void CheckChain(Endpoint endpoint, ulong reportedChainId)
    {
        endpoint.SetChain(reportedChainId, reportedChainId == ChainId);
        if (reportedChainId == ChainId) return;
        _logger.LogError("RPC endpoint {Endpoint} serves chain id {Actual}, expected {Expected}; it will not be used", endpoint.Url, reportedChainId, ChainId);
        throw new RpcChainMismatchException(endpoint.Url, ChainId, reportedChainId);
    }

    private string Describe(Exception e) => e is TimeoutRejectedException ? $"no answer within {_options.RequestTimeout}" : e.Message;

    private Endpoint CreateEndpoint(int index, JsonRpcClient client)
    {
        var endpoint = new Endpoint(index, client);
        endpoint.Breaker = new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                // Polly 8 breaks on a failure ratio over a sampling window. Ratio 1.0 with the threshold as minimum throughput,
                // plus a window reset after every answered call (RecordAnsweredAsync), makes it count consecutive faults.
                FailureRatio = 1.0,
                MinimumThroughput = _options.BreakerFailureThreshold,
                SamplingDuration = TimeSpan.FromDays(1),
                BreakDuration = _options.BreakDuration,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && RpcFaults.IsEndpointFault(e)),
                StateProvider = endpoint.State,
                ManualControl = endpoint.Control,
                OnOpened = args =>
                {
                    endpoint.SetOpenUntil(_time.GetUtcNow() + args.BreakDuration);
                    _logger.LogError("RPC endpoint {Endpoint} (chain {ChainId}) circuit opened for {BreakDuration}: {Error}",
                        endpoint.Url, ChainId, args.BreakDuration, endpoint.LastError);
                    CircuitOpened?.Invoke(this, new RpcCircuitEvent(ChainId, index, endpoint.Url, CircuitState.Open, args.BreakDuration, endpoint.LastError));
                    return default;
                },
                OnHalfOpened = _ =>
                {
                    _logger.LogInformation("RPC endpoint {Endpoint} (chain {ChainId}) circuit half-open: trying one call", endpoint.Url, ChainId);
                    return default;
                },
                OnClosed = _ =>
                {
                    endpoint.SetOpenUntil(null);
                    _logger.LogInformation("RPC endpoint {Endpoint} (chain {ChainId}) circuit closed", endpoint.Url, ChainId);
                    CircuitClosed?.Invoke(this, new RpcCircuitEvent(ChainId, index, endpoint.Url, CircuitState.Closed, null, null));
                    return default;
                },
            })
            .Build();
        endpoint.Timeout = new ResiliencePipelineBuilder { TimeProvider = _time }.AddTimeout(_options.RequestTimeout).Build();
        return endpoint;
    }

    /// <summary>One endpoint: its client, Polly strategies and the measurements ranking it.</summary>
    private sealed class Endpoint(int index, JsonRpcClient client)
    {
        private readonly Lock _lock = new();
        private double? _averageLatencyMs;
        private TimeSpan? _lastLatency;
        private ulong? _head;
        private ulong? _lag;
        private ulong? _reportedChainId;
        private DateTimeOffset? _openUntil;
        private DateTimeOffset? _demotedUntil;
        private DateTimeOffset? _lastErrorAt;
        private DateTimeOffset? _lastTrialAt;
        private int _consecutiveFailures;

        public int Index { get; } = index;
        public JsonRpcClient Client { get; } = client;
        public string Url => Client.RedactedEndpoint;
        public CircuitBreakerStateProvider State { get; } = new();
        public CircuitBreakerManualControl Control { get; } = new();
        public ResiliencePipeline Breaker { get; set; } = ResiliencePipeline.Empty;
        public ResiliencePipeline Timeout { get; set; } = ResiliencePipeline.Empty;

        public bool ChainVerified { get; private set; }
        public bool ChainMismatch { get; private set; }
        public bool Lagging { get; private set; }
        public string? LastError { get; private set; }
        public int ConsecutiveFailures => Volatile.Read(ref _consecutiveFailures);

        /// <summary>Lower is better. Unmeasured endpoints rank after measured ones, so configured order holds until probes measure them.</summary>
        public double Score(TimeSpan lagPenaltyPerBlock)
        {
            lock (_lock) return (_averageLatencyMs ?? double.PositiveInfinity) + (_lag ?? 0) * lagPenaltyPerBlock.TotalMilliseconds;
        }

        /// <summary>Open with the break still running (Polly would reject the call), or isolated.</summary>
        public bool IsBlocked(DateTimeOffset now)
        {
            var circuit = State.CircuitState;
            DateTimeOffset? until;
            lock (_lock) until = _openUntil;
            return circuit is CircuitState.Isolated || (circuit is CircuitState.Open && (until is null || now < until));
        }

        public void RecordLatency(TimeSpan latency)
        {
            lock (_lock)
            {
                _lastLatency = latency;
                _averageLatencyMs = _averageLatencyMs is { } average
                    ? average + LatencySmoothing * (latency.TotalMilliseconds - average)
                    : latency.TotalMilliseconds;
            }
        }

        public int RecordFault(string error, DateTimeOffset at)
        {
            lock (_lock)
            {
                LastError = error;
                _lastErrorAt = at;
                return ++_consecutiveFailures;
            }
        }

        /// <summary>The endpoint answered: end the fault streak, in our count and in the breaker's sampling window.</summary>
        public async Task RecordAnsweredAsync()
        {
            Volatile.Write(ref _consecutiveFailures, 0);
            if (State.CircuitState == CircuitState.Closed) await Control.CloseAsync().ConfigureAwait(false);
        }

        /// <summary>True when a last-resort trial may go now: none started, and no fault seen, within <paramref name="interval"/>.</summary>
        public bool TryBeginTrial(DateTimeOffset now, TimeSpan interval)
        {
            lock (_lock)
            {
                if ((_lastTrialAt is { } trial && now - trial < interval) || (_lastErrorAt is { } error && now - error < interval)) return false;
                _lastTrialAt = now;
                return true;
            }
        }

        /// <summary>A call past the open circuit was answered: close it (Polly raises OnClosed) and end the fault streak.</summary>
        public async Task RecordTrialAnsweredAsync()
        {
            Volatile.Write(ref _consecutiveFailures, 0);
            if (State.CircuitState != CircuitState.Closed) await Control.CloseAsync().ConfigureAwait(false);
        }

        public void SetChain(ulong reportedChainId, bool matches)
        {
            lock (_lock)
            {
                _reportedChainId = reportedChainId;
                ChainVerified = matches;
                ChainMismatch = !matches;
            }
        }

        public void SetHead(ulong head, ulong lag, bool lagging)
        {
            lock (_lock)
            {
                _head = head;
                _lag = lag;
                Lagging = lagging;
            }
        }

        public void SetOpenUntil(DateTimeOffset? until)
        {
            lock (_lock) _openUntil = until;
        }

        public void SetDemotedUntil(DateTimeOffset? until)
        {
            lock (_lock) _demotedUntil = until;
        }

        public bool IsDemoted(DateTimeOffset now)
        {
            lock (_lock) return _demotedUntil is { } until && now < until;
        }

        public RpcEndpointHealth Snapshot(DateTimeOffset now)
        {
            var circuit = State.CircuitState;
            var blocked = IsBlocked(now);
            lock (_lock)
            {
                var available = !ChainMismatch && !Lagging && !blocked;
                return new RpcEndpointHealth(Index, Url, circuit, circuit is CircuitState.Open ? _openUntil : null, ChainMismatch, _reportedChainId,
                    _lastLatency, _averageLatencyMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null, _head, _lag, Lagging,
                    _consecutiveFailures, LastError, _lastErrorAt, available, _demotedUntil is { } demoted && now < demoted ? demoted : null);
            }
        }
    }
}
