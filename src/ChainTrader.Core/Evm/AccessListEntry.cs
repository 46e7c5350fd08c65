namespace ChainTrader.Core.Evm;

/// <summary>One EIP-2930 access list entry: a contract address and the storage slots the transaction pre-declares.</summary>
public sealed class AccessListEntry
{
    public AccessListEntry(Address address, IEnumerable<byte[]> storageKeys)
    {
        ArgumentNullException.ThrowIfNull(storageKeys);
        var keys = new List<ReadOnlyMemory<byte>>();
        foreach (var key in storageKeys)
        {
            if (key is null)
                throw new ArgumentException($"Access list entry for {address}: storage key {keys.Count} is null.", nameof(storageKeys));
            if (key.Length != 32)
                throw new ArgumentException($"Access list entry for {address}: storage key {keys.Count} is {key.Length} bytes; storage keys are 32 bytes.", nameof(storageKeys));
            keys.Add(key.ToArray());
        }
        Address = address;
        StorageKeys = keys;
    }

    public Address Address { get; }

    public IReadOnlyList<ReadOnlyMemory<byte>> StorageKeys { get; }

    internal RlpList ToRlp() => RlpItem.List(new RlpString(Address.ToBytes()), new RlpList(StorageKeys.Select(k => (RlpItem)new RlpString(k.ToArray())).ToArray()));
}
