using ChainTrader.Cast;

return CastCommand.Run(args, Console.Out, Console.Error);
