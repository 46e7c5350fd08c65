namespace ChainTrader.Adapters.Storage;

public enum TableBatchActionType
{
    Insert,
    UpsertReplace,
    UpsertMerge,
    UpdateReplace,
    UpdateMerge,
    Delete,
}
