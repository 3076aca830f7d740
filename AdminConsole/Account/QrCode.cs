using QRCoder;

namespace AdminConsole.Account;

/// <summary>A QR code as inline SVG: drawn on the server, so no script and no image request.</summary>
public static class QrCode
{
    public static string Svg(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(4);
    }
}
