using System.Text.Json.Serialization;

namespace ChainTrader.Core.Trades;

// ---- events: facts the shell observed ----

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Opened), "opened")]
[JsonDerivedType(typeof(RiskEvaluated), "risk_evaluated")]
[JsonDerivedType(typeof(QuoteShown), "quote_shown")]
[JsonDerivedType(typeof(ConfirmPressed), "confirm_pressed")]
[JsonDerivedType(typeof(CancelRequested), "cancel_requested")]
[JsonDerivedType(typeof(Repriced), "repriced")]
[JsonDerivedType(typeof(TransactionSigned), "transaction_signed")]
[JsonDerivedType(typeof(BroadcastResult), "broadcast_result")]
[JsonDerivedType(typeof(ReceiptSeen), "receipt_seen")]
[JsonDerivedType(typeof(HeadAdvanced), "head_advanced")]
[JsonDerivedType(typeof(ReceiptGone), "receipt_gone")]
[JsonDerivedType(typeof(Reverted), "reverted")]
[JsonDerivedType(typeof(SimulationCompleted), "simulation_completed")]
[JsonDerivedType(typeof(EmergencyStop), "emergency_stop")]
[JsonDerivedType(typeof(Tick), "tick")]
[JsonDerivedType(typeof(NonceChecked), "nonce_checked")]
public abstract record TradeEvent;
