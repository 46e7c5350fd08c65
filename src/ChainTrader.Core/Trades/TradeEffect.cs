using System.Text.Json.Serialization;

namespace ChainTrader.Core.Trades;

// ---- effects: what the machine asks the shell to do, after it has stored the new trade ----

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(RequestRiskCheck), "request_risk_check")]
[JsonDerivedType(typeof(Notify), "notify")]
[JsonDerivedType(typeof(RequestReprice), "request_reprice")]
[JsonDerivedType(typeof(SignTransaction), "sign_transaction")]
[JsonDerivedType(typeof(BroadcastTransaction), "broadcast_transaction")]
[JsonDerivedType(typeof(PollReceipts), "poll_receipts")]
[JsonDerivedType(typeof(CheckInclusion), "check_inclusion")]
[JsonDerivedType(typeof(Simulate), "simulate")]
[JsonDerivedType(typeof(ExplainRevert), "explain_revert")]
[JsonDerivedType(typeof(Settle), "settle")]
[JsonDerivedType(typeof(ReconcileNonce), "reconcile_nonce")]
[JsonDerivedType(typeof(AbandonSigning), "abandon_signing")]
public abstract record TradeEffect;
