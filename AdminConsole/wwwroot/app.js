// Small helpers the console calls from .NET; no inline scripts, so a strict Content-Security-Policy can apply.
window.adminConsole = {
    // The first field marked invalid, in the open dialog if there is one, else on the page.
    focusFirstInvalid: function () {
        const field = document.querySelector('.mud-dialog [aria-invalid="true"]') ?? document.querySelector('[aria-invalid="true"]');
        if (field) {
            field.focus();
        }
    },
    // Rewrites the address (a list's search) only while the browser is still on that list's page.
    replaceUrlIfOn: function (path, url) {
        if (location.pathname === path) {
            history.replaceState(history.state, '', url);
        }
    },
    // The browser's time zone (an IANA id such as Europe/Copenhagen), for times shown in the person's zone.
    timeZone: function () {
        return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
    },
    // Copies text for the person (a password shown once); fails visibly where the browser refuses.
    copyText: function (text) {
        return navigator.clipboard.writeText(text);
    }
};

// A static form (sign-in, activation) sent back with errors: focus its first invalid field.
document.addEventListener('DOMContentLoaded', function () {
    if (document.querySelector('.account-page')) {
        window.adminConsole.focusFirstInvalid();
    }
});

// Passkey buttons on the account pages (sign in, second step, sign-in security). The server makes the options
// (Identity keeps the challenge); the browser's authenticator answers; the answer goes back in the button's form.
document.addEventListener('click', async function (event) {
    const button = event.target.closest('button[data-passkey]');
    if (!button) {
        return;
    }
    event.preventDefault();
    const form = button.closest('form');
    const status = form.querySelector('[data-passkey-status]');
    const fail = function () {
        status.textContent = button.dataset.failed;
        button.disabled = false;
    };
    if (!window.PublicKeyCredential || !PublicKeyCredential.parseCreationOptionsFromJSON) {
        status.textContent = button.dataset.unsupported;
        return;
    }
    button.disabled = true;
    status.textContent = '';
    try {
        const create = button.dataset.passkey === 'create';
        const token = form.querySelector('input[name="__RequestVerificationToken"]');
        const response = await fetch(create ? 'account/passkey/creation-options' : 'account/passkey/request-options', {
            method: 'POST', credentials: 'same-origin', headers: { RequestVerificationToken: token ? token.value : '' }
        });
        if (!response.ok) {
            fail();
            return;
        }
        const options = await response.json();
        const credential = create
            ? await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) })
            : await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
        form.querySelector('input[data-passkey-credential]').value = JSON.stringify(credential);
        form.submit();
    } catch (e) {
        // Cancelled, timed out or refused by the authenticator: nothing was sent, the person can try again.
        fail();
    }
});

// Signing out ends every session of the person, this tab's live console among them, which then heads for the sign-in
// page with "your session has ended". In the tab that signed out, the sign-out's own page ("you are signed out") wins.
document.addEventListener('submit', function (event) {
    if (event.target.id === 'logout-form') {
        window.adminConsole.signingOut = true;
    }
}, true);
if (window.navigation) {
    window.navigation.addEventListener('navigate', function (event) {
        if (window.adminConsole.signingOut && event.cancelable && new URL(event.destination.url).pathname.endsWith('/account/login')) {
            event.preventDefault();
        }
    });
}
