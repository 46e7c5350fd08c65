using ChainTrader.Functions.Hosting;
using ChainTrader.Functions.Hosting.Durable;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace ChainTrader.UnitTests.Hosting;

/// <summary>How the local Durable engine reads and calls the durable [Function] methods.</summary>
public sealed class DurableFunctionsTests
{
    /// <summary>
    /// A method's parameter objects are not always the same instances: two threads reading a method's parameters for the
    /// first time may each build their own (seen in CI, where apps start in parallel: an activity's trigger was then taken
    /// for a parameter the engine cannot supply). Reading the method through a derived type gives such a second set.
    /// </summary>
    [Fact]
    public async Task TheTriggerIsKnownByItsPositionNotByWhichParameterObjectNamesIt()
    {
        var entry = FunctionIndex.Discover([typeof(EchoActivities)]).Find("Echo")!;
        var sameParameterAnotherObject = typeof(DerivedEchoActivities).GetMethod(nameof(EchoActivities.Echo))!.GetParameters()[0];
        Assert.NotSame(entry.TriggerParameter, sameParameterAnotherObject);

        var function = Assert.Single(DurableFunctions.From(new FunctionIndex([entry with { TriggerParameter = sameParameterAnotherObject }])).All);
        await using var services = new ServiceCollection().BuildServiceProvider();
        Assert.Equal("ping", await FunctionMethodCall.InvokeAsync(function, services, "ping", CancellationToken.None));
    }

    internal class EchoActivities
    {
        [Function("Echo")]
        public string Echo([ActivityTrigger] string input) => input;
    }

    internal sealed class DerivedEchoActivities : EchoActivities;
}
