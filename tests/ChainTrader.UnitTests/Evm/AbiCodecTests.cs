using System.Numerics;
using ChainTrader.Core;
using ChainTrader.Core.Evm.Abi;

namespace ChainTrader.UnitTests.Evm;

/// <summary>The worked examples of the Solidity ABI specification, the type parser, and strictness on bad input.</summary>
public sealed class AbiCodecTests
{
    private static string Words(params string[] words) => string.Concat(words.Select(w => w.PadLeft(64, '0')));
    private static string RightPadded(string hex) => hex.PadRight(64, '0');

    // ---------------------------------------------------------------- specification examples

    [Fact]
    public void Spec_example_baz_uint32_bool()
    {
        var calldata = AbiFunction.Parse("baz(uint32,bool)").Encode(69, true);
        Assert.Equal("0xcdcd77c0" + Words("45", "1"), Hex.Encode(calldata));
    }

    [Fact]
    public void Spec_example_bar_static_bytes3_array()
    {
        var calldata = AbiFunction.Parse("bar(bytes3[2])").Encode((object)new[] { "abc"u8.ToArray(), "def"u8.ToArray() });
        Assert.Equal("0xfce353f6" + RightPadded("616263") + RightPadded("646566"), Hex.Encode(calldata));
    }

    [Fact]
    public void Spec_example_sam_with_dynamic_bytes_and_array()
    {
        var sam = AbiFunction.Parse("sam(bytes,bool,uint256[])");
        var calldata = sam.Encode("dave"u8.ToArray(), true, new BigInteger[] { 1, 2, 3 });
        Assert.Equal(
            "0xa5643bf2" + Words("60", "1", "a0", "4") + RightPadded("64617665") + Words("3", "1", "2", "3"),
            Hex.Encode(calldata));

        var decoded = sam.DecodeInput(calldata);
        Assert.Equal("dave"u8.ToArray(), decoded.Get<byte[]>(0));
        Assert.True(decoded.Get<bool>(1));
        Assert.Equal(new object[] { new BigInteger(1), new BigInteger(2), new BigInteger(3) }, decoded.Get<IReadOnlyList<object>>(2));
    }

    [Fact]
    public void Spec_example_f_mixing_static_and_dynamic()
    {
        var calldata = AbiFunction.Parse("f(uint,uint32[],bytes10,bytes)")
            .Encode(0x123, new[] { 0x456, 0x789 }, "1234567890"u8.ToArray(), "Hello, world!"u8.ToArray());
        Assert.Equal(
            "0x8be65246" + Words("123", "80") + RightPadded("31323334353637383930") + Words("e0", "2", "456", "789", "d")
            + RightPadded("48656c6c6f2c20776f726c6421"),
            Hex.Encode(calldata));
    }

    [Fact]
    public void Spec_example_g_nested_dynamic_arrays_and_strings_round_trips()
    {
        var g = AbiFunction.Parse("g(uint[][],string[])");
        var numbers = new object[] { new[] { 1, 2 }, new[] { 3 } };
        var words = new[] { "one", "two", "three" };
        var calldata = g.Encode(numbers, words);
        Assert.Equal(
            "0x2289b18c" + Words("40", "140", "2", "40", "a0", "2", "1", "2", "1", "3", "3", "60", "a0", "e0", "3")
            + RightPadded("6f6e65") + Words("3") + RightPadded("74776f") + Words("5") + RightPadded("7468726565"),
            Hex.Encode(calldata));

        var decoded = g.DecodeInput(calldata);
        Assert.Equal("[[1, 2], [3]]", AbiCodec.Describe(decoded[0]));
        Assert.Equal("[\"one\", \"two\", \"three\"]", AbiCodec.Describe(decoded[1]));
    }

    [Fact]
    public void Tuples_with_dynamic_members_and_arrays_of_tuples_round_trip()
    {
        var types = new[] { AbiType.Parse("(uint8,string,(address,bytes)[])[2]"), AbiType.Parse("int16") };
        var holder = "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed";
        var values = new object[]
        {
            new object[]
            {
                new object[] { (byte)7, "first", new object[] { new object[] { holder, new byte[] { 1, 2, 3 } } } },
                new object[] { (byte)255, "", Array.Empty<object>() },
            },
            (short)-2,
        };
        var encoded = AbiCodec.Encode(types, values);
        var decoded = AbiCodec.Decode(types, encoded);
        Assert.Equal(
            "[[[7, \"first\", [[\"" + holder + "\", 0x010203]]], [255, \"\", []]], -2]",
            AbiCodec.Describe(decoded));
        // Negative integers are sign-extended to the full word.
        Assert.Equal(Words("fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe"), Hex.Encode(encoded.AsSpan(32, 32), prefix: false));
    }

    [Fact]
    public void Integer_bounds_encode_at_the_edges_of_their_range()
    {
        var types = new AbiType[] { AbiType.UInt256, AbiType.Int256, AbiType.Int(8), AbiType.UInt(112) };
        var values = new object[] { AbiType.UInt256.MaxValue, AbiType.Int256.MinValue, (sbyte)-128, AbiType.UInt(112).MaxValue };
        var encoded = AbiCodec.Encode(types, values);
        Assert.Equal(
            Words(new string('f', 64), "8" + new string('0', 63), new string('f', 62) + "80", new string('f', 28)),
            Hex.Encode(encoded, prefix: false));
        Assert.Equal(values.Select(v => AbiCodec.Describe(v)), AbiCodec.Decode(types, encoded).Select(AbiCodec.Describe));
    }

    // ---------------------------------------------------------------- type parser

    [Theory]
    [InlineData("uint", "uint256")]
    [InlineData("int", "int256")]
    [InlineData("uint8", "uint8")]
    [InlineData("address", "address")]
    [InlineData("bytes32[]", "bytes32[]")]
    [InlineData("uint[2][][3]", "uint256[2][][3]")]
    [InlineData(" ( uint , ( address , bool ) [ ] ) [ 4 ] ", "(uint256,(address,bool)[])[4]")]
    [InlineData("tuple(int,tuple(string))", "(int256,(string))")]
    [InlineData("()", "()")]
    public void Type_strings_parse_to_canonical_names(string text, string canonical)
        => Assert.Equal(canonical, AbiType.Parse(text).CanonicalName);

    [Fact]
    public void Type_model_reports_dynamic_and_head_sizes()
    {
        Assert.False(AbiType.Parse("(uint256,bytes32[3])").IsDynamic);
        Assert.Equal(128, AbiType.Parse("(uint256,bytes32[3])").HeadSize);
        Assert.True(AbiType.Parse("(uint256,string)").IsDynamic);
        Assert.Equal(32, AbiType.Parse("string[2]").HeadSize);
        Assert.True(AbiType.Parse("uint8[]").IsDynamic);
        Assert.Equal(AbiType.Parse("uint"), AbiType.UInt256);
        var array = Assert.IsType<AbiArrayType>(AbiType.Parse("address[5]"));
        Assert.Equal(5, array.Length);
        Assert.Equal(AbiType.Address, array.Element);
    }

    [Theory]
    [InlineData("uint7", "'uint7' at position 0 has an invalid bit size")]
    [InlineData("int264", "'int264' at position 0 has an invalid bit size")]
    [InlineData("uint08", "'uint08' at position 0 has an invalid bit size")]
    [InlineData("bytes0", "'bytes0' at position 0 has an invalid size")]
    [InlineData("bytes33", "'bytes33' at position 0 has an invalid size")]
    [InlineData("MyStruct", "unknown type 'MyStruct' at position 0")]
    [InlineData("fixed128x18", "'fixed128x18' at position 0 is not supported")]
    [InlineData("(uint256,address", "the parameter list opened at position 0 is not closed")]
    [InlineData("uint256[", "expected ']' to close the array suffix opened at position 7")]
    [InlineData("uint256[01]", "invalid fixed array length '01' at position 8")]
    [InlineData("uint256]", "unexpected ']' at position 7")]
    [InlineData("(uint256;bool)", "expected ',' or ')' at position 8 but found ';'")]
    [InlineData("uint256[99999999]", "too large to encode inline")]
    [InlineData("", "Empty ABI type")]
    public void Bad_type_strings_are_rejected_with_the_problem_and_position(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => AbiType.Parse(text));
        Assert.Contains(expected, error.Message);
    }

    // ---------------------------------------------------------------- bad values

    [Fact]
    public void Out_of_range_integers_name_the_type_the_value_and_the_argument()
    {
        var transfer = AbiFunction.Parse("function approve(address spender, uint8 amount)");
        var error = Assert.Throws<AbiValueOutOfRangeException>(() => transfer.Encode("0x" + new string('1', 40), 256));
        Assert.Equal("approve argument 'amount': 256 is out of range for uint8 (allowed 0 to 255).", error.Message);
        Assert.Equal(AbiType.UInt(8), error.Type);
        Assert.Equal(new BigInteger(256), error.Value);

        var negative = Assert.Throws<AbiValueOutOfRangeException>(() => AbiCodec.Encode([AbiType.UInt256], [BigInteger.MinusOne]));
        Assert.Contains("-1 is out of range for uint256", negative.Message);

        var nested = Assert.Throws<AbiValueOutOfRangeException>(() => AbiCodec.Encode([AbiType.Parse("int8[]")], [new[] { 1, -129 }]));
        Assert.Equal("values #0[1]: -129 is out of range for int8 (allowed -128 to 127).", nested.Message);
    }

    [Fact]
    public void Values_of_the_wrong_shape_are_rejected_with_where_and_what()
    {
        var fixedBytes = Assert.Throws<AbiEncodingException>(() => AbiCodec.Encode([AbiType.FixedBytes(4)], [new byte[3]]));
        Assert.Equal("values #0 (bytes4): expected exactly 4 bytes but got 3.", fixedBytes.Message);

        var wrongClrType = Assert.Throws<AbiEncodingException>(() => AbiCodec.Encode([AbiType.UInt256], ["5"]));
        Assert.Equal("values #0 (uint256): expected an integer (BigInteger) but got String \"5\".", wrongClrType.Message);

        var arrayLength = Assert.Throws<AbiEncodingException>(() => AbiCodec.Encode([AbiType.Parse("bool[3]")], [new[] { true }]));
        Assert.Equal("values #0 (bool[3]): expected exactly 3 elements but got 1.", arrayLength.Message);

        var count = Assert.Throws<AbiEncodingException>(() => AbiFunction.Parse("transfer(address,uint256)").Encode(1));
        Assert.Contains("expected 2 values for (address,uint256) but got 1", count.Message);

        var tuple = Assert.Throws<AbiEncodingException>(() => AbiCodec.Encode([AbiType.Parse("(uint256,bool)")], [new object[] { 1 }]));
        Assert.Equal("values #0 ((uint256,bool)): expected 2 tuple components but got 1.", tuple.Message);
    }

    [Theory]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", null)]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", null)]
    [InlineData("0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED", null)]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "EIP-55 checksum is wrong")]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea", "40 hex digits (20 bytes) after the optional 0x; got 38")]
    [InlineData("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed00", "40 hex digits (20 bytes) after the optional 0x; got 42")]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaeg", "non-hex character 'g' at digit 39")]
    public void Addresses_are_validated_including_the_EIP55_checksum(string address, string? problem)
    {
        var types = new[] { AbiType.Address };
        if (problem is null)
        {
            var decoded = AbiCodec.Decode(types, AbiCodec.Encode(types, [address]));
            Assert.Equal(address.ToLowerInvariant(), decoded[0]);
            return;
        }
        var error = Assert.Throws<AbiEncodingException>(() => AbiCodec.Encode(types, [address]));
        Assert.Contains(problem, error.Message);
    }

    // ---------------------------------------------------------------- strict decoding

    [Fact]
    public void Truncated_data_is_reported_with_the_position()
    {
        var word = Assert.Throws<AbiTruncatedDataException>(() => AbiCodec.Decode([AbiType.UInt256, AbiType.Bool], Hex.Decode(Words("1") + "00")));
        Assert.Equal("values #1 (bool): needs a 32-byte word at byte 32 but the data is 33 bytes long.", word.Message);
        Assert.Equal(32, word.Offset);

        var bytes = Assert.Throws<AbiTruncatedDataException>(() => AbiCodec.Decode([AbiType.Bytes], Hex.Decode(Words("20", "40") + RightPadded("ab"))));
        Assert.Equal("values #0 (bytes) at byte 32: announces 64 bytes from byte 64 but the data is 96 bytes long.", bytes.Message);

        var hugeArray = Assert.Throws<AbiTruncatedDataException>(() => AbiCodec.Decode([AbiType.Parse("uint256[]")], Hex.Decode(Words("20", "7fffffff"))));
        Assert.Contains("2147483647 elements need 68719476704 bytes from byte 64 but the data is 64 bytes long", hugeArray.Message);
    }

    [Fact]
    public void Offsets_outside_the_data_are_refused()
    {
        var beyond = Assert.Throws<AbiInvalidOffsetException>(() => AbiCodec.Decode([AbiType.String], Hex.Decode(Words("1000", "0"))));
        Assert.Equal("values #0 (string): offset 4096 at byte 0 points to byte 4096, outside the 64-byte data.", beyond.Message);

        var huge = Assert.Throws<AbiInvalidOffsetException>(() => AbiCodec.Decode([AbiType.Bytes], Hex.Decode(Words("1" + new string('0', 63)))));
        Assert.Contains("the offset at byte 0 is too large", huge.Message);

        var nested = Assert.Throws<AbiInvalidOffsetException>(() => AbiCodec.Decode([AbiType.Parse("string[]")], Hex.Decode(Words("20", "1", "ffff"))));
        Assert.Contains("values #0[0] (string): offset 65535 at byte 64 points to byte 65599", nested.Message);
    }

    [Theory]
    [InlineData("uint8", "100", "high bits set beyond uint8 (it must be zero-padded)")]
    [InlineData("int8", "80", "high bits set beyond int8 (it must be sign-extended)")]
    [InlineData("int8", "ff7f", "high bits set beyond int8 (it must be sign-extended)")]
    [InlineData("address", "010000000000000000000000000000000000000000", "the 12 high bytes are not zero")]
    [InlineData("bool", "2", "a bool must be 0 or 1")]
    [InlineData("bytes4", "abcdef0102", "the 28 bytes after the value are not zero")]
    public void Dirty_bits_are_refused(string type, string word, string expected)
    {
        var data = type == "bytes4" ? Hex.Decode(RightPadded(word)) : Hex.Decode(Words(word));
        var error = Assert.Throws<AbiDirtyPaddingException>(() => AbiCodec.Decode([AbiType.Parse(type)], data));
        Assert.Contains(expected, error.Message);
        Assert.StartsWith($"values #0 ({type}) at byte 0:", error.Message);
    }

    [Fact]
    public void Clean_narrow_values_decode()
    {
        var types = new AbiType[] { AbiType.Int(8), AbiType.UInt(8), AbiType.FixedBytes(2) };
        var decoded = AbiCodec.Decode(types, Hex.Decode(Words(new string('f', 62) + "80", "ff") + RightPadded("beef")));
        Assert.Equal("[-128, 255, 0xbeef]", AbiCodec.Describe(decoded));
    }

    [Fact]
    public void Invalid_utf8_strings_are_refused()
    {
        var error = Assert.Throws<AbiDecodingException>(() => AbiCodec.Decode([AbiType.String], Hex.Decode(Words("20", "2") + RightPadded("c328"))));
        Assert.Contains("values #0 (string) at byte 32: the content is not valid UTF-8", error.Message);
    }

    [Fact]
    public void Calldata_of_another_function_is_refused()
    {
        var transfer = AbiFunction.Parse("transfer(address,uint256)");
        var approve = AbiFunction.Parse("approve(address,uint256)").Encode("0x" + new string('2', 40), 1);
        var error = Assert.Throws<AbiDecodingException>(() => transfer.DecodeInput(approve));
        Assert.Equal("Calldata starts with selector 0x095ea7b3, not 0xa9059cbb of transfer(address,uint256).", error.Message);
        Assert.Throws<AbiTruncatedDataException>(() => transfer.DecodeInput(new byte[] { 0xa9, 0x05 }));
    }
}
