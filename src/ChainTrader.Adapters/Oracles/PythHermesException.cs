using System.Net;

namespace ChainTrader.Adapters.Oracles;

/// <summary>Hermes failed, refused or answered with something that is not a valid price update.</summary>
public sealed class PythHermesException(string message, HttpStatusCode? status = null, Exception? inner = null) : Exception(message, inner)
{
    public HttpStatusCode? Status { get; } = status;
}
