using System.Numerics;
using System.Text.Json.Serialization;
using ChainTrader.Core.Risk;

namespace ChainTrader.Core.Trades;

public enum FillKind { Chain, Paper, GasOnly }
