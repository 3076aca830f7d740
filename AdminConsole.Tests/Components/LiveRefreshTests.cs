using AdminConsole.Auth;
using AdminConsole.Companies;
using AdminConsole.Live;
using AdminConsole.Tests.Support;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace AdminConsole.Tests.Components;

/// <summary>
/// How an open screen follows changes: a burst of changes becomes one refresh now and one after it (never one per
/// change), a circuit whose browser is away waits and refreshes once when it returns, and the company list re-reads
/// only for changes that can alter what it shows.
/// </summary>
public sealed class LiveRefreshTests : ConsoleComponentTest
{
    private readonly List<ChangeEvent> _heard = [];

    private async Task<(ChangeNotifier Notifier, int Partner)> RenderAsync()
    {
        var actor = await Scope.ServiceProvider.GetRequiredService<AccessPolicy>().ActorAsync();
        Render<LiveRefresh>(p => p.Add(x => x.OnChange, c => _heard.Add(c)));
        var notifier = App.Services.GetRequiredService<ChangeNotifier>();
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(notifier.SubscriberCount > 0)));
        return (notifier, actor.PartnerId!.Value);
    }

    [Fact]
    public async Task Ten_changes_at_once_refresh_the_screen_twice_and_it_ends_showing_the_last()
    {
        var (notifier, partner) = await RenderAsync();
        for (var i = 1; i <= 10; i++)
            notifier.Publish(new ChangeEvent(ChangeKind.CompanyChanged, i, [partner]));

        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(_heard.Count == 2)));
        await Task.Delay(LiveRefresh.Interval * 3);   // nothing more comes
        Assert.Equal([1, 10], _heard.Select(c => c.CompanyId!.Value));
    }

    [Fact]
    public async Task While_the_browser_is_away_nothing_refreshes_and_it_refreshes_once_when_it_returns()
    {
        var (notifier, partner) = await RenderAsync();
        var presence = Services.GetRequiredService<CircuitPresence>();
        presence.Set(false);
        for (var i = 1; i <= 3; i++)
            notifier.Publish(new ChangeEvent(ChangeKind.CompanyChanged, i, [partner]));
        await Task.Delay(LiveRefresh.Interval * 3);
        Assert.Empty(_heard);

        presence.Set(true);
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(_heard.Count == 1)));
        Assert.Equal(3, _heard[0].CompanyId);
    }

    [Fact]
    public void The_company_list_rereads_for_a_new_plan_only_when_the_row_is_shown_or_it_is_sorted_by_plan()
    {
        var onScreen = new[] { 1, 2, 3 };
        ChangeEvent Plan(int company) => new(ChangeKind.SubscriptionChanged, company, [7]);
        var byName = new CompanyListQuery();

        Assert.True(byName.MayShow(Plan(2), onScreen));
        Assert.False(byName.MayShow(Plan(99), onScreen));
        Assert.True((byName with { Sort = CompanySort.Plan }).MayShow(Plan(99), onScreen));
        Assert.True((byName with { Sort = CompanySort.AgreementType }).MayShow(Plan(99), onScreen));
        // A company joining, leaving or renamed can change any page, its count and its order.
        Assert.True(byName.MayShow(new ChangeEvent(ChangeKind.CompanyChanged, 99, [7]), onScreen));
        Assert.True(byName.MayShow(new ChangeEvent(ChangeKind.AdministratorsChanged, 99, [7]), onScreen));
        Assert.False(byName.MayShow(new ChangeEvent(ChangeKind.ClientsChanged, null, [7]), onScreen));
    }
}
