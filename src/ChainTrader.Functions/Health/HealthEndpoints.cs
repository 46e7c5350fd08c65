namespace ChainTrader.Functions.Health;

public static class HealthEndpoints
{
    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Json(new Liveness("ok"), HealthJson.Default.Liveness));
        app.MapGet("/readyz", ReadyAsync);
        app.MapGet("/health", ReadyAsync);
    }

    private static async Task<IResult> ReadyAsync(ReadinessProbe probe, CancellationToken cancellationToken)
    {
        var report = await probe.RunAsync(cancellationToken);
        return Results.Json(report, HealthJson.Default.ReadinessReport,
            statusCode: report.Status == "ready" ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
