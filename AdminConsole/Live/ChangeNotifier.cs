using AdminConsole.Infrastructure;
using System.Collections.Immutable;
using AdminConsole.Auth;
using AdminConsole.Data;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Live;

public enum ChangeKind
{
    CompanyChanged,
    SubscriptionChanged,
    AdministratorsChanged,
    AgreementChanged,
    /// <summary>A client invitation was sent, decided, resent or revoked (addressed to the inviting partner).</summary>
    ClientsChanged,
    /// <summary>These people's sessions ended (new security stamp, lockout, account deleted): addressed to them only.</summary>
    SessionsEnded,
}

/// <summary>
/// Something changed, for these partners (owner and enrolled) and this company. Published after commit. A new plan or
/// agreement type carries its values, so a list that shows the company updates its row without reading it again.
/// </summary>
public sealed record ChangeEvent(ChangeKind Kind, int? CompanyId, IReadOnlyList<int> PartnerIds, IReadOnlyList<string>? UserIds = null,
    SubscriptionFacts? Subscription = null)
{
    /// <summary>What a screen gets when several changes came at once: whatever they were, read again.</summary>
    public static readonly ChangeEvent Several = new(ChangeKind.CompanyChanged, null, []);
}

/// <summary>A company's plan and agreement type after a change.</summary>
public sealed record SubscriptionFacts(Plan Plan, AgreementType AgreementType);

/// <summary>
/// The one in-process change notifier (a singleton). Components subscribe while on screen and dispose
/// the subscription when they leave; <see cref="SubscriberCount"/> lets a test prove nothing leaks.
/// </summary>
public sealed class ChangeNotifier(TimeProvider time, ILogger<ChangeNotifier> log)
{
    private readonly Lock _gate = new();
    private ImmutableList<Subscriber> _subscribers = [];

    public int SubscriberCount => _subscribers.Count;

    /// <summary>Subscribes for what <paramref name="actor"/> may see: nobody hears about others' partners or companies.</summary>
    public IDisposable Subscribe(Actor actor, Func<ChangeEvent, Task> handler)
    {
        var subscriber = new Subscriber(actor, handler);
        lock (_gate) _subscribers = _subscribers.Add(subscriber);
        return new Unsubscriber(() => { lock (_gate) _subscribers = _subscribers.Remove(subscriber); });
    }

    /// <summary>Raised for changes made on this node, so relays (Redis, the hub) can carry them further.</summary>
    public event Action<ChangeEvent>? PublishedHere;

    public void Publish(ChangeEvent change)
    {
        Deliver(change);
        PublishedHere?.Invoke(change);
    }

    /// <summary>A change made on another node, relayed here: delivered to this node's subscribers only.</summary>
    public void DeliverFromElsewhere(ChangeEvent change) => Deliver(change);

    private void Deliver(ChangeEvent change)
    {
        foreach (var s in _subscribers)
        {
            if (!MayHear(s.Actor, change))
                continue;
            _ = DeliverAsync(s, change);
        }
    }

    /// <summary>
    /// Publishes a change to a company, addressed to its owner and every partner whose access is active
    /// (plus <paramref name="alsoPartners"/>, e.g. the partner just deselected, so its list drops the company).
    /// </summary>
    public async Task PublishCompanyAsync(AppDbContext db, ChangeKind kind, int companyId, CancellationToken ct,
        params int[] alsoPartners) =>
        Publish(new ChangeEvent(kind, companyId, (await PartnersOfAsync(db, companyId, ct)).Concat(alsoPartners).Distinct().ToList()));

    /// <summary>Publishes a company's new plan and agreement type to the same partners.</summary>
    public async Task PublishSubscriptionAsync(AppDbContext db, int companyId, SubscriptionFacts facts, CancellationToken ct) =>
        Publish(new ChangeEvent(ChangeKind.SubscriptionChanged, companyId, await PartnersOfAsync(db, companyId, ct),
            Subscription: facts));

    private async Task<List<int>> PartnersOfAsync(AppDbContext db, int companyId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return (await db.Companies.Where(c => c.Id == companyId).Select(c => c.PartnerId)
            .Concat(db.AdministratorAccesses.Where(ActiveAccess.At(now)).Where(a => a.CompanyId == companyId)
                .Select(a => a.PartnerId))
            .ToListAsync(ct)).Distinct().ToList();
    }

    internal static bool MayHear(Actor actor, ChangeEvent change) =>
        change.Kind == ChangeKind.SessionsEnded ? change.UserIds?.Contains(actor.UserId) == true :
        actor.IsOperator ||
        (actor.OwnCompanyId is int own && change.CompanyId == own) ||
        (actor.PartnerId is int partner && change.PartnerIds.Contains(partner));

    private async Task DeliverAsync(Subscriber s, ChangeEvent change)
    {
        try
        {
            await s.Handler(change);
        }
        catch (Exception e)
        {
            log.SubscriberFailed(e);
        }
    }

    private sealed record Subscriber(Actor Actor, Func<ChangeEvent, Task> Handler);

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        private int _done;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
                dispose();
        }
    }
}
