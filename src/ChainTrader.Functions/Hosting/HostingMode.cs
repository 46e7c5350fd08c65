namespace ChainTrader.Functions.Hosting;

/// <summary>
/// Custom handler (the Functions host starts us and sets FUNCTIONS_CUSTOMHANDLER_PORT; it fires triggers)
/// or standalone (we fire our own timers and carry our own queue).
/// </summary>
public sealed record HostingMode(bool IsCustomHandler, int? CustomHandlerPort)
{
    public const string PortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";
    public const string StandaloneUrl = "http://127.0.0.1:7071";

    public static HostingMode Detect(Func<string, string?> environment)
    {
        var port = environment(PortVariable);
        if (string.IsNullOrEmpty(port)) return new HostingMode(false, null);
        if (!int.TryParse(port, out var value) || value is < 1 or > 65535)
            throw new InvalidOperationException($"{PortVariable}=\"{port}\" is not a TCP port.");
        return new HostingMode(true, value);
    }
}
