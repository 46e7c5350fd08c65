namespace ChainTrader.Core.Trades;

/// <summary>The signer produced this transaction. Store the trade before broadcasting it.</summary>
public sealed record TransactionSigned(SignedSwapTransaction Transaction) : TradeEvent;
