namespace ChainTrader.Core.Trades;

/// <summary>
/// Sign <see cref="Order"/> (after making sure the router's allowance for the input token is exactly what the swap
/// needs) and report <see cref="TransactionSigned"/>. <see cref="SigningKey"/> identifies this request: the same key
/// must yield the same stored signed transaction and nonce. <see cref="Nonce"/> null means "reserve the next nonce";
/// a replacement names the nonce and the <see cref="MinFees"/> it must meet. <see cref="ForSimulation"/> (DRY_RUN)
/// signs at the pending nonce without reserving it.
/// </summary>
public sealed record SignTransaction(string SigningKey, SwapOrder Order, long? Nonce, TxFees? MinFees, bool ForSimulation) : TradeEffect;
