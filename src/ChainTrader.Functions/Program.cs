using ChainTrader.Functions;

var app = ChainTraderApp.Build(args);
app.Run();
