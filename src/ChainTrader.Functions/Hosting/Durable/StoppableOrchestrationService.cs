using DurableTask.Core;

namespace ChainTrader.Functions.Hosting.Durable;

/// <summary>
/// The orchestration service as the sidecar's dispatchers see it, with two changes to what the sidecar does on its stop
/// (dispatchers first, then the work items in flight, then the service), which runs from a callback nobody awaits:
/// <list type="bullet">
/// <item>Their fetch loop ends only when a fetch throws <see cref="OperationCanceledException"/>; the Azure Storage
/// provider answers a fetch cut off by cancellation with null, on which the loop spins at full speed and never ends.
/// Such a null becomes the cancellation it is.</item>
/// <item>Its request to stop the service only says that the dispatchers are done (<see cref="DispatchersStopped"/>): the
/// engine stops the service itself, awaited and bounded. On that callback a stop that cannot finish (storage gone, a
/// session that never ends) throws after ten minutes and ends the process.</item>
/// </list>
/// Everything else goes to the service unchanged.
/// </summary>
internal sealed class StoppableOrchestrationService(IOrchestrationService service) : IOrchestrationService
{
    private readonly TaskCompletionSource _dispatchersStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the sidecar has stopped its dispatchers and seen its work items in flight finish.</summary>
    public Task DispatchersStopped => _dispatchersStopped.Task;

    public Task StopAsync()
    {
        _dispatchersStopped.TrySetResult();
        return Task.CompletedTask;
    }

    public Task StopAsync(bool isForced) => StopAsync();

    public async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var workItem = await service.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);
        if (workItem is null) cancellationToken.ThrowIfCancellationRequested();
        return workItem!;
    }

    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var workItem = await service.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);
        if (workItem is null) cancellationToken.ThrowIfCancellationRequested();
        return workItem!;
    }

    public int TaskOrchestrationDispatcherCount => service.TaskOrchestrationDispatcherCount;
    public int MaxConcurrentTaskOrchestrationWorkItems => service.MaxConcurrentTaskOrchestrationWorkItems;
    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => service.EventBehaviourForContinueAsNew;
    public int TaskActivityDispatcherCount => service.TaskActivityDispatcherCount;
    public int MaxConcurrentTaskActivityWorkItems => service.MaxConcurrentTaskActivityWorkItems;

    public Task StartAsync() => service.StartAsync();
    public Task CreateAsync() => service.CreateAsync();
    public Task CreateAsync(bool recreateInstanceStore) => service.CreateAsync(recreateInstanceStore);
    public Task CreateIfNotExistsAsync() => service.CreateIfNotExistsAsync();
    public Task DeleteAsync() => service.DeleteAsync();
    public Task DeleteAsync(bool deleteInstanceStore) => service.DeleteAsync(deleteInstanceStore);
    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => service.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);
    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => service.GetDelayInSecondsAfterOnProcessException(exception);
    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => service.GetDelayInSecondsAfterOnFetchException(exception);
    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => service.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    public Task CompleteTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem, OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages, IList<TaskMessage> orchestratorMessages, IList<TaskMessage> timerMessages, TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState) =>
        service.CompleteTaskOrchestrationWorkItemAsync(workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages,
            continuedAsNewMessage, orchestrationState);

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => service.AbandonTaskOrchestrationWorkItemAsync(workItem);
    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => service.ReleaseTaskOrchestrationWorkItemAsync(workItem);
    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => service.RenewTaskActivityWorkItemLockAsync(workItem);
    public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage) => service.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);
    public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem) => service.AbandonTaskActivityWorkItemAsync(workItem);
}
