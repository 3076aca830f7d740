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
    public async Task Ten_changes_at_once_refresh_the_screen_twice_once_for_the_first_and_once_for_the_rest()
    {
        var (notifier, partner) = await RenderAsync();
        for (var i = 1; i <= 10; i++)
            notifier.Publish(new ChangeEvent(ChangeKind.CompanyChanged, i, [partner]));

        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(_heard.Count == 2)));
        await Task.Delay(LiveRefresh.Interval * 3);   // nothing more comes
        Assert.Equal(1, _heard[0].CompanyId);
        Assert.Same(ChangeEvent.Several, _heard[1]);   // nine merged: the screen reads everything again
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
        Assert.Same(ChangeEvent.Several, _heard[0]);   // three came while away: read everything again
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

    [Fact]
    public void A_new_plan_that_comes_with_the_change_updates_the_row_without_reading_the_list_again()
    {
        var shown = new PagedResult<CompanyRow>([Row(1, Data.Plan.Small), Row(2, Data.Plan.Small)], 2, 1, 25);
        var change = new ChangeEvent(ChangeKind.SubscriptionChanged, 2, [7],
            Subscription: new SubscriptionFacts(Data.Plan.Plus, Data.AgreementType.External));

        var updated = new CompanyListQuery().InPlace(change, shown);
        Assert.NotNull(updated);
        Assert.Equal([(Data.Plan.Small, Data.AgreementType.Internal), (Data.Plan.Plus, Data.AgreementType.External)],
            updated.Items.Select(r => (r.Plan, r.AgreementType)));
        // Sorted by plan the row may move, and a change without the values (or several merged) needs a read.
        Assert.Null(new CompanyListQuery(Sort: CompanySort.Plan).InPlace(change, shown));
        Assert.Null(new CompanyListQuery().InPlace(change with { Subscription = null }, shown));
        Assert.Null(new CompanyListQuery().InPlace(ChangeEvent.Several, shown));

        static CompanyRow Row(int id, Data.Plan plan) =>
            new(id, $"Firma {id}", $"{id}", $"{id}", plan, Data.AgreementType.Internal, null, "Nordtal");
    }
}
