using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace AdminConsole.Email;

/// <summary>Delivers messages over SMTP with MailKit.</summary>
public sealed class MailSender
{
    public async Task SendAsync(SmtpOptions smtp, IReadOnlyList<(string To, string ToName, string Subject, string Body)> messages,
        Func<int, Exception?, Task> onResult, CancellationToken ct)
    {
        using var client = new SmtpClient { Timeout = 15_000 };
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, smtp.Security switch
            {
                SmtpSecurity.None => SecureSocketOptions.None,
                SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.Auto,
            }, ct);
            if (!string.IsNullOrEmpty(smtp.UserName))
                await client.AuthenticateAsync(smtp.UserName, smtp.Password, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            for (var i = 0; i < messages.Count; i++)
                await onResult(i, e);
            return;
        }

        for (var i = 0; i < messages.Count; i++)
        {
            var (to, toName, subject, body) = messages[i];
            var message = new MimeMessage();
            message.From.Add(MailboxAddress.Parse(smtp.From));
            message.To.Add(new MailboxAddress(toName, to));
            message.Subject = subject;
            message.Body = new BodyBuilder { TextBody = body, HtmlBody = MailHtml.From(body) }.ToMessageBody();
            try
            {
                await client.SendAsync(message, ct);
                await onResult(i, null);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await onResult(i, e);
            }
        }
        await client.DisconnectAsync(quit: true, ct);
    }
}
