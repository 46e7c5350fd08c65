using System.Globalization;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Trades;

namespace ChainTrader.Core.Commands;

/// <summary>What <see cref="CommandParser.Parse"/> made of a message.</summary>
public abstract record ParseOutcome;
