using System.ComponentModel.DataAnnotations;

namespace AdminConsole.Email;

public enum SmtpSecurity
{
    None,
    StartTls,
    SslOnConnect,
    /// <summary>TLS on port 465, STARTTLS when the server offers it elsewhere.</summary>
    Auto,
}

/// <summary>The "Smtp" section of the operator's appsettings.json.</summary>
public sealed class SmtpOptions
{
    /// <summary>Empty: no mail server (the laptop default). Messages wait in the outbox, visible to operators.</summary>
    public string Host { get; set; } = "";
    [Range(1, 65_535, ErrorMessage = "Smtp:Port must be between 1 and 65535.")]
    public int Port { get; set; } = 25;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;
    public string UserName { get; set; } = "";
    public string Password { get; set; } = "";
    [Required(ErrorMessage = "Smtp:From is empty: give the sender, e.g. AdminConsole <no-reply@example.com>.")]
    public string From { get; set; } = "AdminConsole <no-reply@adminconsole.example>";
    /// <summary>First retry after this many seconds, doubling up to <see cref="MaxRetrySeconds"/>.</summary>
    [Range(1, 86_400, ErrorMessage = "Smtp:RetrySeconds must be between 1 and 86400.")]
    public int RetrySeconds { get; set; } = 10;
    [Range(1, 604_800, ErrorMessage = "Smtp:MaxRetrySeconds must be between 1 and 604800.")]
    public int MaxRetrySeconds { get; set; } = 600;
    /// <summary>How often the dispatcher looks for due messages when nothing nudges it.</summary>
    [Range(1, 3_600, ErrorMessage = "Smtp:PollSeconds must be between 1 and 3600.")]
    public int PollSeconds { get; set; } = 5;

    public bool Configured => !string.IsNullOrWhiteSpace(Host);
}
