namespace ChainTrader.Functions.Hosting;

/// <summary>Serves the HTTP functions standalone: each route and method as its trigger declares it, executing the IResult it returns.</summary>
public static class StandaloneHttp
{
    public static void MapFunctions(this IEndpointRouteBuilder app, FunctionIndex index, FunctionInvoker invoker)
    {
        foreach (var function in index.Functions.Where(f => f.Trigger == FunctionTrigger.Http))
        {
            app.MapMethods("/" + function.Route, function.HttpMethods.Select(m => m.ToUpperInvariant()).ToArray(), async context =>
            {
                var result = await invoker.InvokeAsync(function, context.Request, context.RequestAborted);
                if (result is not IResult answer)
                    throw new InvalidOperationException($"HTTP function {function.Name} returned {result?.GetType().Name ?? "null"}, not an IResult.");
                await answer.ExecuteAsync(context);
            });
        }
    }
}
