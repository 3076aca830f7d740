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
    public int Port { get; set; } = 25;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;
    public string UserName { get; set; } = "";
    public string Password { get; set; } = "";
    public string From { get; set; } = "AdminConsole <no-reply@adminconsole.example>";
    /// <summary>First retry after this many seconds, doubling up to <see cref="MaxRetrySeconds"/>.</summary>
    public int RetrySeconds { get; set; } = 10;
    public int MaxRetrySeconds { get; set; } = 600;
    /// <summary>How often the dispatcher looks for due messages when nothing nudges it.</summary>
    public int PollSeconds { get; set; } = 5;

    public bool Configured => !string.IsNullOrWhiteSpace(Host);
}
