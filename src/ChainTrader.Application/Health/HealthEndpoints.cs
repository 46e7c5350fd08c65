namespace ChainTrader.Application.Health;

/// <summary>The health answers the Healthz, Readyz and Health functions give.</summary>
public static class HealthEndpoints
{
    public static IResult Live() => Results.Json(new Liveness("ok"), HealthJson.Default.Liveness);

    public static async Task<IResult> ReadyAsync(ReadinessProbe probe, CancellationToken cancellationToken)
    {
        var report = await probe.RunAsync(cancellationToken);
        return Results.Json(report, HealthJson.Default.ReadinessReport,
            statusCode: report.Status == "ready" ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
