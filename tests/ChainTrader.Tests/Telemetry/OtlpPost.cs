using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChainTrader.Tests.Telemetry;

/// <summary>One OTLP/HTTP export as it arrived.</summary>
public sealed record OtlpPost(string Path, string? ContentType, IReadOnlyDictionary<string, string> Headers, byte[] Body);
