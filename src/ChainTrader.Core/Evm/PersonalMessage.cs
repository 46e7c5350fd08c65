using System.Globalization;
using System.Text;

namespace ChainTrader.Core.Evm;

/// <summary>
/// EIP-191 version 0x45 ("personal_sign") messages: Keccak-256 of "\x19Ethereum Signed Message:\n" + decimal
/// byte length + message, so that a signed message can never be mistaken for a signed transaction.
/// </summary>
public static class PersonalMessage
{
    private const string Prefix = "\u0019Ethereum Signed Message:\n";

    public static byte[] Hash(ReadOnlySpan<byte> message)
    {
        var header = Encoding.ASCII.GetBytes(Prefix + message.Length.ToString(CultureInfo.InvariantCulture));
        var buffer = new byte[header.Length + message.Length];
        header.CopyTo(buffer, 0);
        message.CopyTo(buffer.AsSpan(header.Length));
        return Keccak256.Hash(buffer);
    }

    public static byte[] Hash(string utf8Message) => Hash(Encoding.UTF8.GetBytes(utf8Message));

    public static EcdsaSignature Sign(ReadOnlySpan<byte> message, PrivateKey key) => Secp256k1.Sign(Hash(message), key);

    public static EcdsaSignature Sign(string utf8Message, PrivateKey key) => Secp256k1.Sign(Hash(utf8Message), key);

    public static Address RecoverSigner(ReadOnlySpan<byte> message, EcdsaSignature signature) => Secp256k1.RecoverAddress(Hash(message), signature);

    public static Address RecoverSigner(string utf8Message, EcdsaSignature signature) => Secp256k1.RecoverAddress(Hash(utf8Message), signature);
}
