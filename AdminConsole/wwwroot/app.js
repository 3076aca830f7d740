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
