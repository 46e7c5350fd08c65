using ChainTrader.Core;

namespace ChainTrader.Adapters.Rpc;

/// <summary>A block parameter: one of the named tags or a block number (sent as a hex quantity).</summary>
public readonly record struct BlockTag
{
    private readonly string? _value;

    private BlockTag(string value) => _value = value;

    public static BlockTag Latest { get; } = new("latest");
    public static BlockTag Safe { get; } = new("safe");
    public static BlockTag Finalized { get; } = new("finalized");
    public static BlockTag Pending { get; } = new("pending");
    public static BlockTag Earliest { get; } = new("earliest");

    public static BlockTag Number(ulong blockNumber) => new(Hex.Quantity(blockNumber));

    public static implicit operator BlockTag(ulong blockNumber) => Number(blockNumber);

    public bool IsPending => _value == "pending";

    /// <summary>The JSON-RPC form: "latest", "pending", ... or "0x1b4". The default value is "latest".</summary>
    public override string ToString() => _value ?? "latest";
}
