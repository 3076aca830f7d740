using System.Security.Claims;
using AdminConsole.Data;
using AdminConsole.Live;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AdminConsole.Auth;

/// <summary>
/// Re-checks an open circuit's person at once when <see cref="SessionEnds"/> says their session may have ended (new
/// security stamp, lockout, deletion — on any node), and every minute besides. A failed check makes the circuit
/// anonymous, and the router takes the person to the sign-in page.
/// </summary>
public sealed class IdentityRevalidatingAuthenticationStateProvider : RevalidatingServerAuthenticationStateProvider
{
    private readonly IServiceScopeFactory _scopeFactory;
    private readonly IOptions<IdentityOptions> _options;
    private readonly ChangeNotifier _notifier;
    private IDisposable? _subscription;
    private bool _live;

    public IdentityRevalidatingAuthenticationStateProvider(ILoggerFactory loggerFactory, IServiceScopeFactory scopeFactory,
        IOptions<IdentityOptions> options, ChangeNotifier notifier) : base(loggerFactory)
    {
        (_scopeFactory, _options, _notifier) = (scopeFactory, options, notifier);
        AuthenticationStateChanged += ListenFor;
    }

    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    /// <summary>
    /// Called when this scope is a live circuit (<see cref="SessionListener"/>). A statically rendered request does not
    /// listen: a change it makes itself (a new stamp on the sign-in security page) must not end its own response.
    /// </summary>
    public void ListenLive()
    {
        _live = true;
        ListenFor(GetAuthenticationStateAsync());
    }

    /// <summary>Listens for the signed-in person only (an actor without partner or company hears nothing else).</summary>
    private async void ListenFor(Task<AuthenticationState> state)
    {
        if (!_live)
            return;
        try
        {
            var userId = (await state).User.FindFirstValue(ClaimTypes.NameIdentifier);
            _subscription?.Dispose();
            _subscription = userId is null ? null
                : _notifier.Subscribe(new Actor(userId, "", false, null, null, null, null), change =>
                    change.Kind == ChangeKind.SessionsEnded ? CheckNowAsync() : Task.CompletedTask);
        }
        catch (Exception)
        {
            // A failed state has nobody to listen for.
        }
    }

    private async Task CheckNowAsync()
    {
        var state = await GetAuthenticationStateAsync();
        if (!await ValidateAuthenticationStateAsync(state, CancellationToken.None))
            SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));
    }

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct)
    {
        await using var scope = _scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.GetUserAsync(state.User);
        if (user is null || await users.IsLockedOutAsync(user))
            return false;
        if (!users.SupportsUserSecurityStamp)
            return true;
        var principalStamp = state.User.FindFirstValue(_options.Value.ClaimsIdentity.SecurityStampClaimType);
        return principalStamp == await users.GetSecurityStampAsync(user);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            AuthenticationStateChanged -= ListenFor;
            _subscription?.Dispose();
        }
        base.Dispose(disposing);
    }
}

/// <summary>Tells the circuit's authentication state provider that it serves a live console.</summary>
public sealed class SessionListener(AuthenticationStateProvider provider) : Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Microsoft.AspNetCore.Components.Server.Circuits.Circuit circuit, CancellationToken ct)
    {
        (provider as IdentityRevalidatingAuthenticationStateProvider)?.ListenLive();
        return Task.CompletedTask;
    }
}
