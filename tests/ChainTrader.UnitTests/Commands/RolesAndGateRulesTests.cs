using ChainTrader.Core.Commands;
using ChainTrader.Core.Trades;

namespace ChainTrader.UnitTests.Commands;

public class RolesAndGateRulesTests
{
    [Fact]
    public void RolesComeFromTheListsAndTheHighestWins()
    {
        var users = new UserDirectory([1, 2], [2, 3], [4]);
        Assert.Equal(UserRole.Trader, users.RoleOf(1));
        Assert.Equal(UserRole.Admin, users.RoleOf(2));
        Assert.Equal(UserRole.Admin, users.RoleOf(3));
        Assert.Equal(UserRole.SuperAdmin, users.RoleOf(4));
        Assert.Equal(UserRole.Stranger, users.RoleOf(5));
        Assert.Equal(UserRole.Stranger, UserDirectory.Empty.RoleOf(1));
    }

    [Fact]
    public void IdListsParseAndEveryProblemIsListed()
    {
        var problems = new List<string>();
        Assert.Equal([11, 22, 33], UserDirectory.ParseIdList(" 11, 22 ,33,", "ALLOWED_USER_IDS", problems));
        Assert.Empty(problems);
        Assert.Empty(UserDirectory.ParseIdList("  ", "ALLOWED_USER_IDS", problems));
        Assert.Empty(problems);

        var ids = UserDirectory.ParseIdList("5,abc,,-7,5,0,99999999999999999999", "ADMIN_USER_IDS", problems);
        Assert.Equal([5], ids);
        Assert.Equal(
        [
            "ADMIN_USER_IDS: entry 2 (\"abc\") is not a Telegram user id (a positive whole number).",
            "ADMIN_USER_IDS: entry 3 is empty.",
            "ADMIN_USER_IDS: entry 4 (\"-7\") is not a Telegram user id (a positive whole number).",
            "ADMIN_USER_IDS: user id 5 is listed twice.",
            "ADMIN_USER_IDS: entry 6 (\"0\") is not a Telegram user id (a positive whole number).",
            "ADMIN_USER_IDS: entry 7 (\"99999999999999999999\") is not a Telegram user id (a positive whole number).",
        ], problems);
    }

    public static TheoryData<UserRole, GateChange, GateDecisionKind> Decisions() => new()
    {
        // Strangers and traders change nothing.
        { UserRole.Stranger, GateChange.EmergencyStop(true), GateDecisionKind.Refused },
        { UserRole.Trader, GateChange.EmergencyStop(true), GateDecisionKind.Refused },
        { UserRole.Trader, GateChange.Mode(ExecutionMode.DryRun), GateDecisionKind.Refused },
        // Admins may make the desk safer...
        { UserRole.Admin, GateChange.EmergencyStop(true), GateDecisionKind.Allowed },
        { UserRole.Admin, GateChange.Maintenance(true), GateDecisionKind.Allowed },
        { UserRole.Admin, GateChange.Mode(ExecutionMode.DryRun), GateDecisionKind.Allowed },
        { UserRole.Admin, GateChange.Mode(ExecutionMode.Paper), GateDecisionKind.Allowed },
        // ...never riskier.
        { UserRole.Admin, GateChange.EmergencyStop(false), GateDecisionKind.Refused },
        { UserRole.Admin, GateChange.Maintenance(false), GateDecisionKind.Refused },
        { UserRole.Admin, GateChange.Mode(ExecutionMode.Live), GateDecisionKind.Refused },
        // Super-admins may, and LIVE needs the button.
        { UserRole.SuperAdmin, GateChange.EmergencyStop(false), GateDecisionKind.Allowed },
        { UserRole.SuperAdmin, GateChange.Maintenance(false), GateDecisionKind.Allowed },
        { UserRole.SuperAdmin, GateChange.EmergencyStop(true), GateDecisionKind.Allowed },
        { UserRole.SuperAdmin, GateChange.Mode(ExecutionMode.Paper), GateDecisionKind.Allowed },
        { UserRole.SuperAdmin, GateChange.Mode(ExecutionMode.Live), GateDecisionKind.NeedsConfirmation },
    };

    [Theory]
    [MemberData(nameof(Decisions))]
    public void GateRulesLetAdminsMakeItSaferAndOnlySuperAdminsRiskier(UserRole role, GateChange change, GateDecisionKind expected)
    {
        var decision = GateRules.Decide(role, change);
        Assert.Equal(expected, decision.Kind);
        if (expected == GateDecisionKind.Refused) Assert.False(string.IsNullOrEmpty(decision.Reason));
    }

    [Fact]
    public void RefusalsSayWhoMayDoIt()
    {
        Assert.Equal("only a super-admin may switch the execution mode to LIVE.", GateRules.Decide(UserRole.Admin, GateChange.Mode(ExecutionMode.Live)).Reason);
        Assert.Equal("only a super-admin may resume trading after an emergency stop.", GateRules.Decide(UserRole.Admin, GateChange.EmergencyStop(false)).Reason);
        Assert.Equal("only admins may change runtime gates.", GateRules.Decide(UserRole.Trader, GateChange.Maintenance(true)).Reason);
    }

    [Fact]
    public void HelpListsGrowWithTheRole()
    {
        Assert.Equal(["start", "help", "watch", "unwatch", "watches", "tx"], CommandCatalog.For(UserRole.Stranger).Select(c => c.Name));
        Assert.Equal(17, CommandCatalog.For(UserRole.Trader).Count());
        // Lifting an emergency stop is a super-admin's alone, so only their list has every command.
        Assert.Equal(CommandCatalog.All.Count - 1, CommandCatalog.For(UserRole.Admin).Count());
        Assert.DoesNotContain(CommandCatalog.For(UserRole.Admin), c => c.Name == "emergency_resume");
        Assert.Equal(CommandCatalog.All.Count, CommandCatalog.For(UserRole.SuperAdmin).Count());
        // setMyCommands: names of a-z0-9_ (1-32), descriptions of 1-256 characters.
        Assert.All(CommandCatalog.All, c => Assert.Matches("^[a-z0-9_]{1,32}$", c.Name));
        Assert.All(CommandCatalog.All, c => Assert.InRange(c.Description.Length, 1, 256));
    }
}
