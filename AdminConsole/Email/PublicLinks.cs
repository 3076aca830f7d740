namespace AdminConsole.Email;

/// <summary>Links in e-mail point at the address people reach the console at (<c>PublicBaseUrl</c>), with a one-time token.</summary>
public sealed class PublicLinks(IConfiguration config)
{
    /// <summary>A page of the console (the reader signs in first if they must).</summary>
    public string To(string path) => $"{(config["PublicBaseUrl"] ?? "http://localhost:5080").TrimEnd('/')}/{path.TrimStart('/')}";

    public string WithToken(string path, string token) =>
        $"{(config["PublicBaseUrl"] ?? "http://localhost:5080").TrimEnd('/')}/{path.TrimStart('/')}?token={Uri.EscapeDataString(token)}";
}
