using System.Numerics;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Evm.Abi;
using Nethereum.ABI.Model;
using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.Adapters.Contracts;

/// <summary>
/// Reads Chainlink AggregatorV3 feeds (<c>latestRoundData</c>, <c>decimals</c>, optionally <c>description</c>) for
/// any number of feeds in ONE JSON-RPC batch, i.e. one HTTP round trip per chain and poll.
/// <para>
/// Which block: a batch cannot feed one call's answer into another, so the reader does not first ask for the head and
/// then pin the calls to it (that would be two round trips). With <see cref="BlockParameter.CreateLatest"/> the batch opens with
/// eth_getBlockByNumber(latest) and closes with eth_blockNumber; nodes run a batch's calls in order, so every read
/// comes from a block in that range (<see cref="ChainlinkSnapshot.SameBlock"/> is true when nothing was mined meanwhile).
/// Pass a block number to pin every read to exactly that block.
/// </para>
/// </summary>
public sealed class ChainlinkFeedReader(IRpcChannel rpc)
{
    public static readonly FunctionABI LatestRoundData = AbiDeclarations.Function(
        "function latestRoundData() view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)");
    public static readonly FunctionABI DecimalsFunction = AbiDeclarations.Function("function decimals() view returns (uint8)");
    public static readonly FunctionABI DescriptionFunction = AbiDeclarations.Function("function description() view returns (string)");

    private readonly IRpcChannel _rpc = rpc ?? throw new ArgumentNullException(nameof(rpc));

    /// <param name="feeds">Distinct feed addresses (at least one).</param>
    /// <param name="block">Latest (default) or a block number to pin every read to.</param>
    /// <param name="includeDescription">Also read <c>description()</c> (e.g. "ETH / USD") for each feed.</param>
    public async Task<ChainlinkSnapshot> ReadAsync(IReadOnlyList<Address> feeds, BlockParameter? block = null, bool includeDescription = false,
        CancellationToken cancellationToken = default)
    {
        var batch = _rpc.CreateBatch();
        var snapshot = AddTo(batch, feeds, block, includeDescription);
        await batch.SendAsync(cancellationToken).ConfigureAwait(false);
        return snapshot();
    }

    /// <summary>
    /// Adds the reads of <paramref name="feeds"/> to <paramref name="batch"/>, so a caller can send them together with its
    /// own calls in the same round trip; the returned function interprets them once the batch was sent.
    /// </summary>
    public static Func<ChainlinkSnapshot> AddTo(RpcBatch batch, IReadOnlyList<Address> feeds, BlockParameter? block = null, bool includeDescription = false)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(feeds);
        if (feeds.Count == 0) throw new ArgumentException("Give at least one feed address to read.", nameof(feeds));
        var duplicate = feeds.GroupBy(f => f).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Feed {duplicate.Key} is listed more than once.", nameof(feeds));
        var at = block ?? BlockParameter.CreateLatest();
        if (at.ParameterType == BlockParameter.BlockParameterType.pending) throw new ArgumentException("Feeds are read at latest or at a block number, not at pending.", nameof(block));

        var head = batch.Add(Eth.GetBlockByNumber(at));
        var reads = feeds.Select(feed => (
            Feed: feed,
            Round: batch.Add(Eth.Call(new ContractCall(feed, LatestRoundData.EncodeCall()).ToCallInput(), at)),
            Decimals: batch.Add(Eth.Call(new ContractCall(feed, DecimalsFunction.EncodeCall()).ToCallInput(), at)),
            Description: includeDescription ? batch.Add(Eth.Call(new ContractCall(feed, DescriptionFunction.EncodeCall()).ToCallInput(), at)) : null))
            .ToList();
        var pinned = at.ToString() is not ("latest" or "safe" or "finalized" or "earliest");
        var tail = pinned ? null : batch.Add(Eth.BlockNumber());

        return () =>
        {
            var headBlock = head.Result ?? throw new InvalidOperationException($"The node has no block {at}, so no feeds were read.");
            var results = reads.Select(r => Interpret(r.Feed, r.Round, r.Decimals, r.Description)).ToList();
            return new ChainlinkSnapshot(headBlock.Height(), headBlock.Time(), tail?.Result ?? headBlock.Height(), results);
        };
    }

    private static ChainlinkFeedRead Interpret(Address feed, RpcBatchItem<byte[]> round, RpcBatchItem<byte[]> decimals, RpcBatchItem<byte[]>? description)
    {
        try
        {
            var values = ContractReads.Decode(LatestRoundData, feed, round);
            var digits = (int)ContractReads.Decode(DecimalsFunction, feed, decimals).Get<BigInteger>(0);
            var text = description is null ? null : ContractReads.Decode(DescriptionFunction, feed, description).Get<string>(0);
            return new ChainlinkFeedRead(feed, new ChainlinkRound(
                feed,
                values.Get<BigInteger>("roundId"),
                values.Get<BigInteger>("answer"),
                UnixTime(values.Get<BigInteger>("startedAt"), "startedAt"),
                UnixTime(values.Get<BigInteger>("updatedAt"), "updatedAt"),
                values.Get<BigInteger>("answeredInRound"),
                digits,
                text), null);
        }
        catch (Exception e) when (e is JsonRpcErrorException or ContractRevertException or FormatException)
        {
            return new ChainlinkFeedRead(feed, null, e.Message);
        }
    }

    private static DateTimeOffset UnixTime(BigInteger seconds, string field)
    {
        // Beyond year 9999 is not a time a feed can honestly report; treat it as malformed rather than clamp it.
        if (seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            throw new FormatException($"latestRoundData.{field} is {seconds}, not a Unix time.");
        return DateTimeOffset.FromUnixTimeSeconds((long)seconds);
    }
}
