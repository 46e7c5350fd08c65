namespace ChainTrader.Functions.Hosting;

/// <summary>
/// Whether the Functions host started this process as its .NET isolated worker, or it runs standalone (firing its own
/// timers, serving its own routes, consuming its own queues).
/// </summary>
public static class HostingMode
{
    /// <summary>The switch the host passes the worker on its command line (the worker maps it to Functions:Worker:HostEndpoint).</summary>
    public const string HostEndpointArgument = "--functions-uri";

    /// <summary>The same setting as an environment variable, which the worker's configuration reads too.</summary>
    public const string HostEndpointVariable = "Functions__Worker__HostEndpoint";

    public const string StandaloneUrl = "http://127.0.0.1:7071";

    public static bool IsFunctionsHost(string[] args, Func<string, string?> environment) =>
        args.Contains(HostEndpointArgument, StringComparer.OrdinalIgnoreCase) || !string.IsNullOrEmpty(environment(HostEndpointVariable));
}
