namespace ChainTrader.Core.Evm.Abi;

public enum RevertKind
{
    /// <summary>No revert data at all: <c>revert()</c>, <c>require(cond)</c> without a message, out of gas, or a non-Solidity contract.</summary>
    Empty,

    /// <summary><c>Error(string)</c>, from <c>require(cond, "message")</c> or <c>revert("message")</c>.</summary>
    Error,

    /// <summary><c>Panic(uint256)</c>, raised by the compiler for assertion failures, overflow and the like.</summary>
    Panic,

    /// <summary>A custom error from the list given to <see cref="RevertReason.Decode"/>.</summary>
    CustomError,

    /// <summary>Data that matches no known error, or a known selector with a body that does not decode.</summary>
    Unrecognized,
}
