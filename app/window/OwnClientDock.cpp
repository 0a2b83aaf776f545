// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "window/OwnClientDock.h"

#include "core/host/LabServerHost.h"
#include "window/WindowSettings.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QCryptographicHash>
#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>

namespace {
const QString AddressKey = QStringLiteral("server/listenAddress");
const QString PortKey = QStringLiteral("server/listenPort");

QToolButton *copyButton(const std::function<QString()> &text, const QString &what)
{
    auto *button = new QToolButton;
    button->setText(QObject::tr("Copy"));
    button->setToolTip(QObject::tr("Copy the %1").arg(what));
    QObject::connect(button, &QPushButton::clicked, button,
                     [text] { QApplication::clipboard()->setText(text()); });
    return button;
}
} // namespace

OwnClientDock::OwnClientDock(LabServerHost *host, QWidget *parent)
    : QDockWidget(tr("Connect your own client"), parent)
    , m_host(host)
{
    setObjectName(QStringLiteral("ownClientDock"));
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    auto *intro = new QLabel(tr("Real clients log in here too: each session gets a card, a node in the "
                                "diagram and its XML, beside the lab's sessions of the same account."));
    intro->setWordWrap(true);
    layout->addWidget(intro);

    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("listenStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    m_grid = new QGridLayout;
    m_grid->setColumnStretch(1, 1);
    addRow(QStringLiteral("host"), tr("Host"), tr("the host name or address to connect to"));
    addRow(QStringLiteral("port"), tr("Port"), tr("the port"));
    addRow(QStringLiteral("domain"), tr("Domain"), tr("the XMPP domain (the part after @)"));
    addRow(QStringLiteral("muc"), tr("Group chats"), tr("the MUC service"));
    addRow(QStringLiteral("fingerprint"), tr("Certificate SHA-256"), tr("certificate's SHA-256 fingerprint"));
    addRow(QStringLiteral("sha1"), tr("Certificate SHA-1"),
           tr("certificate's SHA-1 fingerprint (Profanity shows it)"));
    addRow(QStringLiteral("password"), tr("Password"), tr("password of every lab account"));
    layout->addLayout(m_grid);
    m_firstAccountRow = m_grid->rowCount();

    auto *certificate = new QPushButton(tr("Save certificate\u2026"));
    certificate->setObjectName(QStringLiteral("saveCertificate"));
    certificate->setToolTip(tr("The server's certificate as PEM, to trust it in a client or system-wide"));
    connect(certificate, &QPushButton::clicked, this, &OwnClientDock::saveCertificate);
    layout->addWidget(certificate, 0, Qt::AlignLeft);

    // Rich text in a browser of its own: word-wrapped labels in a scroll area get squeezed.
    auto *advice = new QTextBrowser;
    advice->setObjectName(QStringLiteral("clientAdvice"));
    advice->setHtml(QStringLiteral("<p>") + clientAdvice().join(QStringLiteral("</p><p>"))
                    + QStringLiteral("</p><p><i>%1</i></p>")
                          .arg(tr("The demo, a scenario or a recording starts a fresh server: real clients "
                                  "reconnect then.")));
    advice->setMinimumHeight(5 * fontMetrics().height());
    advice->setOpenLinks(false);
    auto *adviceBox = new QGroupBox(tr("Per client"));
    auto *adviceLayout = new QVBoxLayout(adviceBox);
    adviceLayout->addWidget(advice);
    layout->addWidget(adviceBox, 1);

    auto *listenBox = new QGroupBox(tr("Listen on"));
    auto *listenForm = new QFormLayout(listenBox);
    m_address = new QComboBox;
    m_address->setObjectName(QStringLiteral("listenAddress"));
    m_address->addItem(tr("This computer only (127.0.0.1)"), QStringLiteral("127.0.0.1"));
    m_address->addItem(tr("This computer only, IPv6 (::1)"), QStringLiteral("::1"));
    m_address->addItem(tr("Every network (0.0.0.0): other machines can connect"), QStringLiteral("0.0.0.0"));
    m_port = new QSpinBox;
    m_port->setObjectName(QStringLiteral("listenPort"));
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("any free port"));
    auto *apply = new QPushButton(tr("Apply and restart the server"));
    apply->setObjectName(QStringLiteral("applyListen"));
    apply->setToolTip(tr("Every session reconnects; with the in-memory database the rooms start empty"));
    connect(apply, &QPushButton::clicked, this, &OwnClientDock::applyListen);
    listenForm->addRow(tr("Address"), m_address);
    listenForm->addRow(tr("Port"), m_port);
    listenForm->addRow(apply);
    layout->addWidget(listenBox);

    // No scroll area: word-wrapped labels get squeezed in one. The advice scrolls itself.
    setWidget(page);
    connect(host, &LabServerHost::restarted, this, &OwnClientDock::refresh);
    refresh();
}

QString OwnClientDock::rememberedAddress()
{
    return QSettings(WindowSettings::organization(), WindowSettings::application())
        .value(AddressKey, QStringLiteral("127.0.0.1"))
        .toString();
}

quint16 OwnClientDock::rememberedPort()
{
    const int port = QSettings(WindowSettings::organization(), WindowSettings::application())
                         .value(PortKey, DefaultPort)
                         .toInt();
    return port >= 0 && port <= 65535 ? quint16(port) : DefaultPort;
}

QStringList OwnClientDock::clientAdvice()
{
    // As each client was seen to log in here (Gajim 1.7, Dino 0.4, Profanity 0.13, Poezio
    // 0.14, Psi+ 1.4), with their default settings.
    return {
        tr("<b>Gajim</b>: Add account \u2192 Sign in with the JID and password; on port 5222 it finds "
           "the server by the domain. On another port tick <i>Advanced</i> and set host and port. When it "
           "warns about the certificate, Show Certificate, compare the SHA-256 and Add to Trusted "
           "Certificates. It asks a room whether it exists before joining: a room no one has joined yet "
           "is made with Create Group Chat (or join it from a lab card first)."),
        tr("<b>Dino</b> (<tt>dino-im</tt>): JID and password only; it connects to the domain on port 5222, "
           "so keep the lab on 5222 and trust the certificate system-wide first: Save certificate, copy "
           "it to /usr/local/share/ca-certificates/ as a .crt, run update-ca-certificates."),
        tr("<b>Profanity</b>: <tt>/connect alice@localhost server 127.0.0.1 port 5222</tt>; it shows the "
           "certificate's SHA-1 fingerprint (compare it with the SHA-1 row) and <tt "
           "style='white-space:nowrap'>/tls always</tt> "
           "trusts it; then <tt>/join lobby@conference.localhost</tt>."),
        tr("<b>Poezio</b>: in ~/.config/poezio/poezio.cfg set <tt>jid</tt>, <tt>password</tt>, "
           "<tt>custom_host</tt> and <tt>custom_port</tt>, and trust the certificate system-wide first "
           "(as for Dino): it rejects an unknown certificate and pins the one it first accepts."),
        tr("<b>Psi+</b>: Account \u2192 Modify \u2192 Connection: tick <i>Manually Specify Server "
           "Host/Port</i> and set 127.0.0.1 and the port (without it, it never connects); at the "
           "certificate warning compare the fingerprint and choose Trust this certificate."),
    };
}

void OwnClientDock::addRow(const QString &name, const QString &label, const QString &explanation)
{
    const int row = m_grid->rowCount();
    auto *value = new QLabel;
    value->setObjectName(name + QStringLiteral("Value"));
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    if (name == QLatin1String("fingerprint") || name == QLatin1String("sha1")) {
        QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
        mono.setPointSizeF(qMax(8.0, mono.pointSizeF() - 1));
        value->setFont(mono);
    }
    m_values.insert(name, value);
    m_grid->addWidget(new QLabel(label), row, 0);
    m_grid->addWidget(value, row, 1);
    m_grid->addWidget(copyButton([this, name] { return this->value(name); }, explanation), row, 2);
}

QString OwnClientDock::value(const QString &row) const
{
    if (row == QLatin1String("fingerprint"))
        return m_host->certificateFingerprint();
    if (row == QLatin1String("sha1"))
        return sha1Fingerprint();
    if (QLabel *label = m_values.value(row))
        return label->text();
    const QStringList accounts = LabServerHost::accountNames() + m_host->addedAccounts();
    for (const QString &name : accounts) {
        if (row == name + QLatin1Char('@') + m_host->domain())
            return row;
    }
    return QString();
}

QString OwnClientDock::statusText() const
{
    return m_status->text();
}

void OwnClientDock::refresh()
{
    const bool running = m_host->isRunning();
    m_values.value(QStringLiteral("host"))->setText(m_host->host());
    m_values.value(QStringLiteral("port"))->setText(running ? QString::number(m_host->port()) : QString());
    m_values.value(QStringLiteral("domain"))->setText(m_host->domain());
    m_values.value(QStringLiteral("muc"))->setText(m_host->mucDomain());
    // 32 pairs on two lines of 16 (a copy gives the one-line form).
    const QString fingerprint = m_host->certificateFingerprint();
    m_values.value(QStringLiteral("fingerprint"))
        ->setText(fingerprint.left(47) + QLatin1Char('\n') + fingerprint.mid(48));
    m_values.value(QStringLiteral("password"))->setText(LabServerHost::password());
    const QString sha1 = sha1Fingerprint(); // 20 pairs on two lines of 10
    m_values.value(QStringLiteral("sha1"))->setText(sha1.left(29) + QLatin1Char('\n') + sha1.mid(30));
    if (!running) {
        m_status->setText(tr("The server is not running."));
    } else if (m_host->isOnFallbackPort()) {
        m_status->setText(tr("Port %1 was in use, so the server listens on %2:%3.")
                              .arg(m_host->preferredPort())
                              .arg(m_host->listenAddress().toString())
                              .arg(m_host->port()));
    } else {
        m_status->setText(
            tr("Listening on %1:%2.").arg(m_host->listenAddress().toString()).arg(m_host->port()));
    }

    // The accounts may have changed (added at run time): their rows are made anew.
    qDeleteAll(m_accountWidgets);
    m_accountWidgets.clear();
    const QStringList accounts = LabServerHost::accountNames() + m_host->addedAccounts();
    int row = m_firstAccountRow;
    for (const QString &name : accounts) {
        const QString jid = name + QLatin1Char('@') + m_host->domain();
        auto *label = new QLabel(jid);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        QToolButton *copy = copyButton([jid] { return jid; }, tr("JID %1").arg(jid));
        if (row == m_firstAccountRow) {
            auto *title = new QLabel(tr("Accounts"));
            m_grid->addWidget(title, row, 0);
            m_accountWidgets << title;
        }
        m_grid->addWidget(label, row, 1);
        m_grid->addWidget(copy, row++, 2);
        m_accountWidgets << label << copy;
    }

    const int addressIndex = m_address->findData(rememberedAddress());
    m_address->setCurrentIndex(qMax(0, addressIndex));
    m_port->setValue(m_host->preferredPort());
}

QString OwnClientDock::sha1Fingerprint() const
{
    const QSslCertificate certificate = m_host->certificate();
    if (certificate.isNull())
        return QString();
    const QByteArray digest = certificate.digest(QCryptographicHash::Sha1).toHex().toUpper();
    QStringList pairs;
    for (int i = 0; i < digest.size(); i += 2)
        pairs << QString::fromLatin1(digest.mid(i, 2));
    return pairs.join(QLatin1Char(':'));
}

void OwnClientDock::saveCertificate()
{
    const QSslCertificate certificate = m_host->certificate();
    if (certificate.isNull()) {
        m_status->setText(tr("The server has no certificate (TLS is off)."));
        return;
    }
    const QString start = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)
        + QStringLiteral("/minimix-lab.crt");
    const QString path = QFileDialog::getSaveFileName(this, tr("Save the server's certificate"), start,
                                                      tr("Certificates (*.crt *.pem)"));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(certificate.toPem()) < 0 || !file.flush()) {
        m_status->setText(tr("Cannot write %1: %2").arg(path, file.errorString()));
        return;
    }
    m_status->setText(tr("Saved the certificate to %1.").arg(path));
}

void OwnClientDock::applyListen()
{
    QSettings settings(WindowSettings::organization(), WindowSettings::application());
    settings.setValue(AddressKey, m_address->currentData().toString());
    settings.setValue(PortKey, m_port->value());
    emit listenChangeRequested();
}
