using System.Text.Json;

namespace ChainTrader.Functions.Hosting;

/// <summary>
/// The custom-handler contract: the Functions host POSTs each non-HTTP invocation to /{FunctionName}
/// and reads Outputs, Logs and ReturnValue from the reply. HTTP functions are forwarded as-is
/// (enableForwardingHttpRequest) and served by their own routes.
/// </summary>
public static class CustomHandlerEndpoints
{
    private const int MaxInvocationBytes = 4 * 1024 * 1024;

    public static void MapFunctionInvocations(this IEndpointRouteBuilder app)
    {
        app.MapPost("/{functionName}", InvokeAsync);
    }

    private static async Task<IResult> InvokeAsync(string functionName, HttpRequest request, FunctionRunner runner, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var function = runner.Find(functionName);
        if (function is null)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No function named '{functionName}'.");
        if (request.ContentLength > MaxInvocationBytes)
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"Invocation payload over {MaxInvocationBytes} bytes.");

        FunctionInvocation invocation;
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            invocation = FunctionRunner.ParseInvocation(document);
        }
        catch (JsonException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed invocation payload.", detail: $"Not valid JSON: {ex.Message}");
        }
        catch (InvalidDataException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed invocation payload.", detail: ex.Message);
        }

        try
        {
            var result = await runner.RunAsync(function, invocation, cancellationToken);
            return Results.Json(result, FunctionJson.Default.FunctionResult);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A non-2xx reply tells the host the invocation failed, so it retries queue messages and logs the error.
            loggers.CreateLogger(typeof(CustomHandlerEndpoints)).LogError(ex, "{Function} failed", function.Name);
            var failed = new FunctionResult(new Dictionary<string, JsonElement>(), [$"Error: {function.Name} failed: {ex.Message}"], null);
            return Results.Json(failed, FunctionJson.Default.FunctionResult, statusCode: StatusCodes.Status500InternalServerError);
        }
    }
}
