using System.Numerics;
using System.Text;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Evm.Abi;
using Nethereum.ABI.Model;
using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.Adapters.Contracts;

/// <summary>
/// An ERC-20 token: reads over JSON-RPC, and builders for <c>approve</c> and <c>transfer</c> calls (sign them with
/// <see cref="Transactions.TransactionSender"/>).
/// </summary>
public sealed class Erc20
{
    public static readonly FunctionABI BalanceOfFunction = AbiDeclarations.Function("function balanceOf(address owner) view returns (uint256)");
    public static readonly FunctionABI DecimalsFunction = AbiDeclarations.Function("function decimals() view returns (uint8)");
    public static readonly FunctionABI SymbolFunction = AbiDeclarations.Function("function symbol() view returns (string)");
    public static readonly FunctionABI AllowanceFunction = AbiDeclarations.Function("function allowance(address owner, address spender) view returns (uint256)");
    public static readonly FunctionABI ApproveFunction = AbiDeclarations.Function("function approve(address spender, uint256 amount) returns (bool)");
    public static readonly FunctionABI TransferFunction = AbiDeclarations.Function("function transfer(address to, uint256 amount) returns (bool)");
    public static readonly EventABI TransferEvent = AbiDeclarations.Event("event Transfer(address indexed from, address indexed to, uint256 value)");

    /// <summary>
    /// Approvals must stay below 2^255. Amounts at or above it are "infinite approval" sentinels (type(uint256).max and
    /// friends): a standing unlimited allowance is what the Maestro and Unibot router exploits of October 2023 drained.
    /// The desk approves exactly what one swap needs.
    /// </summary>
    public static readonly BigInteger ApprovalLimit = BigInteger.One << 255;

    private readonly IRpcChannel _rpc;

    public Erc20(IRpcChannel rpc, Address token)
    {
        _rpc = rpc ?? throw new ArgumentNullException(nameof(rpc));
        Token = token;
    }

    public Address Token { get; }

    public async Task<BigInteger> BalanceOfAsync(Address owner, BlockParameter? block = null, CancellationToken cancellationToken = default)
        => (await _rpc.CallAsync(BalanceOfFunction, Read(BalanceOfFunction, owner.ToLowerHex()), block ?? BlockParameter.CreateLatest(), cancellationToken)
            .ConfigureAwait(false)).Get<BigInteger>(0);

    public async Task<int> DecimalsAsync(BlockParameter? block = null, CancellationToken cancellationToken = default)
        => (int)(await _rpc.CallAsync(DecimalsFunction, Read(DecimalsFunction), block ?? BlockParameter.CreateLatest(), cancellationToken).ConfigureAwait(false))
            .Get<BigInteger>(0);

    public async Task<BigInteger> AllowanceAsync(Address owner, Address spender, BlockParameter? block = null, CancellationToken cancellationToken = default)
        => (await _rpc.CallAsync(AllowanceFunction, Read(AllowanceFunction, owner.ToLowerHex(), spender.ToLowerHex()), block ?? BlockParameter.CreateLatest(),
            cancellationToken).ConfigureAwait(false)).Get<BigInteger>(0);

    public async Task<string> SymbolAsync(BlockParameter? block = null, CancellationToken cancellationToken = default)
    {
        var output = await _rpc.CallAsync(Eth.Call(Read(SymbolFunction).ToCallInput(), block ?? BlockParameter.CreateLatest()), cancellationToken).ConfigureAwait(false);
        return DecodeSymbol(output);
    }

    /// <summary>Symbol, decimals, balance and (with a spender) allowance in one batch, all at <paramref name="block"/>.</summary>
    public async Task<Erc20Holding> ReadAsync(Address owner, Address? spender = null, BlockParameter? block = null, CancellationToken cancellationToken = default)
    {
        var at = block ?? BlockParameter.CreateLatest();
        var batch = _rpc.CreateBatch();
        var symbol = batch.Add(Eth.Call(Read(SymbolFunction).ToCallInput(), at));
        var decimals = batch.Add(Eth.Call(Read(DecimalsFunction).ToCallInput(), at));
        var balance = batch.Add(Eth.Call(Read(BalanceOfFunction, owner.ToLowerHex()).ToCallInput(), at));
        var allowance = spender is { } s ? batch.Add(Eth.Call(Read(AllowanceFunction, owner.ToLowerHex(), s.ToLowerHex()).ToCallInput(), at)) : null;
        await batch.SendAsync(cancellationToken).ConfigureAwait(false);

        return new Erc20Holding(
            Token,
            DecodeSymbol(ContractReads.Output(SymbolFunction, Token, symbol)),
            (int)ContractReads.Decode(DecimalsFunction, Token, decimals).Get<BigInteger>(0),
            owner,
            ContractReads.Decode(BalanceOfFunction, Token, balance).Get<BigInteger>(0),
            spender,
            allowance is null ? null : ContractReads.Decode(AllowanceFunction, Token, allowance).Get<BigInteger>(0));
    }

    /// <summary>One owner's balance of several tokens in one batch (failed tokens throw; every token must be an ERC-20).</summary>
    public static async Task<IReadOnlyList<BigInteger>> BalancesAsync(IRpcChannel rpc, Address owner, IReadOnlyList<Address> tokens,
        BlockParameter? block = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Count == 0) return [];
        var batch = rpc.CreateBatch();
        var calls = tokens.Select(t => new ContractCall(t, BalanceOfFunction.EncodeCall(owner.ToLowerHex()))).ToList();
        var items = calls.Select(c => batch.Add(Eth.Call(c.ToCallInput(), block ?? BlockParameter.CreateLatest()))).ToList();
        await batch.SendAsync(cancellationToken).ConfigureAwait(false);
        return items.Select((item, i) => ContractReads.Decode(BalanceOfFunction, tokens[i], item).Get<BigInteger>(0)).ToList();
    }

    /// <summary>
    /// <c>approve(spender, amount)</c> for exactly <paramref name="amount"/>; 0 revokes. Amounts of 2^255 or more are refused
    /// (see <see cref="ApprovalLimit"/>): never an unlimited approval.
    /// </summary>
    public static ContractCall Approve(Address token, Address spender, BigInteger amount)
    {
        if (amount.Sign < 0)
            throw new ArgumentOutOfRangeException(nameof(amount), amount, $"An approval amount cannot be negative (got {amount}).");
        if (amount >= ApprovalLimit)
            throw new ArgumentOutOfRangeException(nameof(amount), amount,
                $"Refusing an approval of {amount} to {spender} on {token}: amounts of 2^255 or more are unlimited approvals, which the desk never grants " +
                "(standing unlimited approvals are what the Maestro and Unibot router exploits of October 2023 drained). Approve the exact amount the swap needs.");
        if (spender == Address.Zero)
            throw new ArgumentException($"Refusing an approval on {token} to the zero address.", nameof(spender));
        return new ContractCall(token, ApproveFunction.EncodeCall(spender.ToLowerHex(), amount));
    }

    /// <summary><c>transfer(to, amount)</c>; the amount must be positive and the recipient not the zero address.</summary>
    public static ContractCall Transfer(Address token, Address to, BigInteger amount)
    {
        if (amount.Sign <= 0)
            throw new ArgumentOutOfRangeException(nameof(amount), amount, $"A transfer amount must be positive (got {amount}).");
        if (to == Address.Zero)
            throw new ArgumentException($"Refusing a transfer of {token} to the zero address (tokens sent there are lost).", nameof(to));
        return new ContractCall(token, TransferFunction.EncodeCall(to.ToLowerHex(), amount));
    }

    /// <summary>Every ERC-20 <c>Transfer</c> log among <paramref name="logs"/> (for example a receipt's), in log order.</summary>
    public static IReadOnlyList<Erc20Transfer> Transfers(IEnumerable<FilterLog> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        var transfers = new List<Erc20Transfer>();
        foreach (var log in logs)
        {
            // ERC-721 also emits Transfer with this topic 0 but with the token id indexed (4 topics): not ours.
            if (log.TopicCount() != 3 || !log.Is(TransferEvent)) continue;
            var values = EventLogs.Decode(TransferEvent, log);
            transfers.Add(new Erc20Transfer(Address.Parse(log.Address), Address.Parse(values.Get<string>("from")),
                Address.Parse(values.Get<string>("to")), values.Get<BigInteger>("value"), log.Index()));
        }
        return transfers;
    }

    private ContractCall Read(FunctionABI function, params object[] args) => new(Token, function.EncodeCall(args));

    /// <summary>Most tokens return a string; a few early ones (MKR, SAI) return bytes32, which is accepted here too.</summary>
    private string DecodeSymbol(byte[] output)
    {
        if (output.Length == 32)
            return Encoding.UTF8.GetString(output).TrimEnd('\0');
        return ContractReads.DecodeOutput(SymbolFunction, Token, output).Get<string>(0);
    }
}
