namespace ChainTrader.Cast;

/// <summary>The command line itself is wrong (unknown command, missing argument): print usage, exit 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
