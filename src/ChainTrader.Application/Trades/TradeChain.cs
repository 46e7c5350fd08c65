using ChainTrader.Adapters.Contracts;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Adapters.Transactions;
using ChainTrader.Core.Chains;
using ChainTrader.Core.Evm;
using ChainTrader.Application.Chains;
using ChainTrader.Application.Configuration;
using ChainTrader.Application.Storage;
using Microsoft.Extensions.Options;

namespace ChainTrader.Application.Trades;

/// <summary>
/// The chain trades execute on, with everything a trade needs from it: the RPC pool (failover reads), each endpoint on
/// its own (broadcast goes to all of them), the DEX router, fee and gas estimators, the persisted nonce manager of the
/// signer, and the signer itself (SIGNER_PRIVATE_KEY; required for DRY_RUN signing and LIVE, never logged).
/// </summary>
public sealed class TradeChain
{
    private readonly PrivateKey? _signer;
    private readonly UniswapV2Router? _router;
    private readonly Lazy<Task<NonceManager>> _nonces;

    public TradeChain(ChainCatalog catalog, ChainRpcPools pools, IHttpClientFactory http, AppTables tables, IOptions<TradingOptions> options,
        TimeProvider clock, ILoggerFactory loggers)
    {
        var settings = options.Value;
        Chain = settings.TradingChain.Length == 0 ? catalog.Chains[0] : catalog.Get(settings.TradingChain);
        Pool = pools.For(Chain.Name);
        var client = http.CreateClient(ChainRpcPools.HttpClientName);
        Endpoints = Chain.RpcUrls.Select(url => (IRpcChannel)new JsonRpcClient(client, url)).ToList();
        _router = Chain.DexRouter is { } router ? new UniswapV2Router(Pool, Address.Parse(router)) : null;
        Fees = new FeeEstimator(Pool, Options.Create(new FeeEstimatorOptions()));
        Gas = new GasEstimator(Pool, Options.Create(new GasEstimatorOptions()));
        _signer = settings.Signer();
        _nonces = new Lazy<Task<NonceManager>>(async () =>
        {
            var table = await tables.GetAsync(TableNonceStore.DefaultTableName, CancellationToken.None);
            var nonces = new NonceManager(ChainId, Pool, new TableNonceStore(table), clock, Options.Create(new NonceManagerOptions()), loggers.CreateLogger<NonceManager>());
            // Reconciled with the chain once per process before first use (SPEC §3): the chain may have moved while no instance ran.
            if (_signer is not null) await nonces.ResyncAsync(_signer.Address, CancellationToken.None);
            return nonces;
        });
    }

    public ChainDefinition Chain { get; }
    public ulong ChainId => checked((ulong)Chain.ChainId);
    public RpcPool Pool { get; }
    public IReadOnlyList<IRpcChannel> Endpoints { get; }
    /// <summary>The chain's canonical Uniswap V2 router; throws (for the trader to read) when none is configured.</summary>
    public UniswapV2Router Router => _router ?? throw new TradeRequestException($"Chain {Chain.Name} has no DEX router configured; trading needs the canonical Uniswap V2 router.");
    public FeeEstimator Fees { get; }
    public GasEstimator Gas { get; }

    public bool HasSigner => _signer is not null;

    /// <summary>The trading wallet; throws when SIGNER_PRIVATE_KEY is not set.</summary>
    public Address Wallet => Signer.Address;

    public PrivateKey Signer => _signer ?? throw new TradeRequestException("No trading wallet is configured (SIGNER_PRIVATE_KEY is not set); trades cannot be signed.");

    /// <summary>The signer's persisted nonce manager, reconciled with the chain on first use in this process.</summary>
    public Task<NonceManager> NoncesAsync() => _nonces.Value;
}
