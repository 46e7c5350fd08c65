using ChainTrader.Adapters.Rpc;
using ChainTrader.Core;
using ChainTrader.Core.Evm.Abi;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.Model;
using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.Adapters.Contracts;

/// <summary>Decoding event logs as returned by the node (hex topics) with Nethereum's topic decoder.</summary>
public static class EventLogs
{
    /// <summary>Whether the log's topic 0 is <paramref name="abiEvent"/>'s.</summary>
    public static bool Is(this FilterLog log, EventABI abiEvent)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(abiEvent);
        return log.TopicCount() > 0 && string.Equals(log.Topic(0), abiEvent.Topic0Hex(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A log's values by parameter; a log that does not fit the event (topic count, short data) is a <see cref="FormatException"/>.</summary>
    public static IReadOnlyList<ParameterOutput> Decode(EventABI abiEvent, FilterLog log)
    {
        ArgumentNullException.ThrowIfNull(abiEvent);
        ArgumentNullException.ThrowIfNull(log);
        if (!log.Is(abiEvent))
            throw new FormatException($"The log's topic 0 is not {abiEvent.Signature}'s.");
        var indexed = abiEvent.InputParameters.Where(p => p.Indexed).OrderBy(p => p.Order).ToArray();
        if (log.TopicCount() != indexed.Length + 1)
            throw new FormatException($"A {abiEvent.Signature} log has {indexed.Length + 1} topics but this one has {log.TopicCount()}.");
        var data = log.DataBytes();
        var dataParameters = abiEvent.InputParameters.Where(p => !p.Indexed).ToArray();
        if (data.Length < dataParameters.Sum(p => p.ABIType.IsDynamic() ? 32 : p.ABIType.FixedSize))
            throw new FormatException($"{abiEvent.Signature} log has {data.Length} bytes of data, too few for its non-indexed values.");
        // Anyone can emit a log with a known topic 0: each value must be the canonical encoding Solidity emits (an address
        // topic with high bits set is refused, not truncated). A dynamic indexed value's topic is its hash, kept as hex.
        var values = new List<ParameterOutput>();
        try
        {
            for (var i = 0; i < indexed.Length; i++)
            {
                var topic = log.Topic(i + 1);
                values.Add(indexed[i].ABIType.IsDynamic()
                    ? new ParameterOutput { Parameter = indexed[i], Result = topic }
                    : AbiDeclarations.DecodeCanonical([indexed[i]], Hex.Decode(topic))[0]);
            }
            values.AddRange(AbiDeclarations.DecodeCanonical(dataParameters, data));
        }
        catch (FormatException e)
        {
            throw new FormatException($"{abiEvent.Signature} log does not decode: {e.Message}", e);
        }
        return values;
    }
}
