// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The timeline from fixed traces: lanes, rows, arrows and markers, the SVG and PNG
// exports, the selection with its fan-out, the row cap; then the real headless demo
// with --timeline, checked through the SVG it writes.
#include "TestEnvironment.h"
#include "core/trace/TimelineModel.h"
#include "timeline/TimelineDrawing.h"
#include "timeline/TimelineExport.h"
#include "timeline/TimelinePanel.h"
#include "timeline/TimelineView.h"
#include "window/LabWindow.h"
#include "window/WindowSettings.h"

#include <QAction>
#include <QDockWidget>
#include <QDomDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

namespace {
const QString Room = QStringLiteral("lobby@conference.localhost");
const QString Alice = QStringLiteral("alice@localhost");
const QString Phone = QStringLiteral("alice@localhost/phone");
const QString Laptop = QStringLiteral("alice@localhost/laptop");
const QString Web = QStringLiteral("alice@localhost/web");
const QString Bob = QStringLiteral("bob@localhost/desktop");

using Direction = TraceEvent::Direction;
using Kind = TraceEvent::Kind;

TraceEvent hop(quint64 id, quint64 fanOut, Direction direction, Kind kind, const QString &from,
               const QString &to)
{
    TraceEvent e;
    e.id = id;
    e.fanOutId = fanOut;
    e.time = QDateTime(QDate(2026, 11, 26), QTime(16, 0, 0), Qt::UTC).addMSecs(qint64(id) * 7);
    e.direction = direction;
    e.kind = kind;
    e.from = from;
    e.to = to;
    // As the server fills them in: the room, the account, the session.
    for (const QString &jid : { from, to }) {
        if (jid.contains(QLatin1String("@conference.")))
            e.room = jid.section(QLatin1Char('/'), 0, 0);
        else if (jid.contains(QLatin1Char('@'))) {
            e.account = jid.section(QLatin1Char('/'), 0, 0);
            if (jid.contains(QLatin1Char('/')))
                e.session = jid;
        }
    }
    const QString tag = kind == Kind::Presence ? QStringLiteral("presence")
        : kind == Kind::Iq                     ? QStringLiteral("iq")
                                               : QStringLiteral("message");
    e.xml
        = QStringLiteral("<%1 from='%2' to='%3'%4><body>hello</body></%1>")
              .arg(tag, from, to, kind == Kind::GroupChat ? QStringLiteral(" type='groupchat'") : QString());
    return e;
}

TraceEvent decision(quint64 id, quint64 fanOut, Direction direction, const QStringList &targets)
{
    TraceEvent e;
    e.id = id;
    e.fanOutId = fanOut;
    e.time = QDateTime(QDate(2026, 11, 26), QTime(16, 0, 0), Qt::UTC).addMSecs(qint64(id) * 7);
    e.direction = direction;
    e.kind = Kind::GroupChat;
    e.account = Alice;
    e.room = Room;
    e.targets = targets;
    e.note = QStringLiteral("joined sessions");
    return e;
}

// Bob's groupchat reaches alice's account, which forks it to her two joined sessions.
QList<TraceEvent> forkTrace()
{
    const QString bobInRoom = Room + QStringLiteral("/bob");
    return { hop(1, 1, Direction::RoomToAccount, Kind::GroupChat, bobInRoom, Alice),
             decision(2, 1, Direction::Fork, { Phone, Laptop }),
             hop(3, 1, Direction::ServerToSession, Kind::GroupChat, bobInRoom, Phone),
             hop(4, 1, Direction::ServerToSession, Kind::GroupChat, bobInRoom, Laptop) };
}

// What one row draws, by lane labels: "from>to" for a hop, "fork@lane" for a decision.
QStringList drawn(const TimelineModel &model)
{
    QStringList rows;
    const auto label = [&model](const QString &key) {
        const int index = model.laneIndex(key);
        return index < 0 ? QStringLiteral("?") : model.lanes().at(index).label;
    };
    for (int i = 0; i < model.rowCount(); ++i) {
        const TimelineRow &row = model.row(i);
        if (row.isHop())
            rows << label(row.fromLane) + QLatin1Char('>') + label(row.toLane);
        else
            rows << TraceEvent::directionName(row.direction) + QLatin1Char('@') + label(row.markerLane);
    }
    return rows;
}

// A shape's role is in its id: "hop-3" (the export writes no class attributes).
QList<QDomElement> elements(const QDomDocument &document, const QString &tag, const QString &role)
{
    const QRegularExpression id(QStringLiteral("^%1-[0-9]+$").arg(QRegularExpression::escape(role)));
    QList<QDomElement> found;
    const QDomNodeList nodes = document.elementsByTagName(tag);
    for (int i = 0; i < nodes.size(); ++i) {
        const QDomElement element = nodes.at(i).toElement();
        if (id.match(element.attribute(QStringLiteral("id"))).hasMatch())
            found << element;
    }
    return found;
}

// What ImageMagick's own SVG renderer (MSVG) draws as rsvg-convert and browsers do:
// presentation attributes only (no class, no style element or attribute), alpha in
// the colour (it ignores the *-opacity attributes), stroke given on every shape (it
// outlines text and shapes without one) and one font family per text (a list makes
// it fall back to a font it may not have and drop the text). Ids are unique.
QString imageMagickTrouble(const QDomDocument &document)
{
    if (!document.elementsByTagName(QStringLiteral("style")).isEmpty())
        return QStringLiteral("a <style> element");
    QSet<QString> ids;
    QList<QDomElement> pending { document.documentElement() };
    while (!pending.isEmpty()) {
        const QDomElement element = pending.takeLast();
        for (const QString &attribute :
             { QStringLiteral("class"), QStringLiteral("style"), QStringLiteral("opacity"),
               QStringLiteral("fill-opacity"), QStringLiteral("stroke-opacity") }) {
            if (element.hasAttribute(attribute))
                return QStringLiteral("<%1 %2=\"%3\">")
                    .arg(element.tagName(), attribute, element.attribute(attribute));
        }
        static const QStringList shapes { QStringLiteral("rect"), QStringLiteral("line"),
                                          QStringLiteral("polygon"), QStringLiteral("circle"),
                                          QStringLiteral("text") };
        if (shapes.contains(element.tagName()) && !element.hasAttribute(QStringLiteral("stroke")))
            return QStringLiteral("<%1> without stroke").arg(element.tagName());
        if (element.attribute(QStringLiteral("font-family")).contains(QLatin1Char(',')))
            return QStringLiteral("font-family=\"%1\"").arg(element.attribute(QStringLiteral("font-family")));
        const QString id = element.attribute(QStringLiteral("id"));
        if (!id.isEmpty() && ids.contains(id))
            return QStringLiteral("id \"%1\" twice").arg(id);
        ids.insert(id);
        for (QDomElement child = element.firstChildElement(); !child.isNull();
             child = child.nextSiblingElement())
            pending << child;
    }
    return QString();
}

QStringList laneLabels(const QDomDocument &document)
{
    QStringList labels;
    for (const QDomElement &text : elements(document, QStringLiteral("text"), QStringLiteral("lane-label")))
        labels << text.text();
    return labels;
}
} // namespace

class tst_Timeline : public QObject
{
    Q_OBJECT
private slots:
    // Before anything reads QSettings: never the user's settings (TestEnvironment.h).
    void initTestCase()
    {
        QString error;
        QVERIFY2(TestEnvironment::isolateUserSettings(WindowSettings::organization(),
                                                      WindowSettings::application(), &error),
                 qPrintable(error));
    }
    void lanesAndRows_data();
    void lanesAndRows();
    void svgExport();
    void pngExport();
    void selectionShowsFanOut();
    void capAndVisibleRows();
    void labWindowHasTimeline();
    void headlessDemoTimeline();
    void offlineIsNotAFork();
    void stanzaColumnStaysInView_data();
    void stanzaColumnStaysInView();
};

void tst_Timeline::lanesAndRows_data()
{
    QTest::addColumn<QList<TraceEvent>>("trace");
    QTest::addColumn<QStringList>("lanes");
    QTest::addColumn<QStringList>("rows");
    QTest::addColumn<bool>("serverTraffic");

    QTest::newRow("account-level fork")
        << forkTrace()
        << QStringList { Room, Alice, QStringLiteral("alice/phone"), QStringLiteral("alice/laptop") }
        << QStringList { Room + QStringLiteral(">") + Alice, QStringLiteral("fork@") + Alice,
                         Alice + QStringLiteral(">alice/phone"), Alice + QStringLiteral(">alice/laptop") }
        << false;

    // The session addresses the room, but its account is who speaks there.
    QTest::newRow("session speaks through its account")
        << QList<TraceEvent> { hop(5, 5, Direction::SessionToServer, Kind::GroupChat, Phone, Room),
                               hop(6, 6, Direction::AccountToRoom, Kind::GroupChat, Alice, Room) }
        << QStringList { Room, Alice, QStringLiteral("alice/phone") }
        << QStringList { QStringLiteral("alice/phone>") + Alice, Alice + QStringLiteral(">") + Room }
        << false;

    // A late session is served from the cache: the delivery comes from the account.
    QTest::newRow("replay") << QList<TraceEvent> { hop(7, 7, Direction::SessionToServer, Kind::Presence, Web,
                                                       Room + QStringLiteral("/alice")),
                                                   decision(8, 7, Direction::Replay, { Web }),
                                                   hop(9, 7, Direction::ServerToSession, Kind::Presence,
                                                       Room + QStringLiteral("/bob"), Web) }
                            << QStringList { Room, Alice, QStringLiteral("alice/web") }
                            << QStringList { QStringLiteral("alice/web>") + Alice,
                                             QStringLiteral("replay@") + Alice,
                                             Alice + QStringLiteral(">alice/web") }
                            << false;

    // Classic mode: the room addresses the session itself; no account in between, and
    // the delivery of that copy is a dot on the session's lane, not a second arrow.
    QTest::newRow("classic") << QList<TraceEvent> { hop(1, 1, Direction::RoomToSession, Kind::GroupChat,
                                                        Room + QStringLiteral("/bob"), Web),
                                                    hop(2, 1, Direction::ServerToSession, Kind::GroupChat,
                                                        Room + QStringLiteral("/bob"), Web) }
                             << QStringList { Room, Alice, QStringLiteral("alice/web") }
                             << QStringList { Room + QStringLiteral(">alice/web"),
                                              QStringLiteral("server>session@alice/web") }
                             << false;

    // Without "server traffic" only what involves a room is drawn.
    QTest::newRow("server traffic left out") << QList<TraceEvent> {
        hop(1, 1, Direction::SessionToServer, Kind::Iq, Bob, QStringLiteral("localhost")),
        hop(2, 1, Direction::ServerToSession, Kind::Iq, QStringLiteral("localhost"), Bob)
    } << QStringList() << QStringList() << false;

    // With it, on a lane for the server, first.
    QTest::newRow("server traffic included")
        << QList<TraceEvent> { hop(1, 1, Direction::SessionToServer, Kind::Iq, Bob,
                                   QStringLiteral("localhost")),
                               hop(2, 1, Direction::ServerToSession, Kind::Iq, QStringLiteral("localhost"),
                                   Bob) }
        << QStringList { QStringLiteral("localhost"), QStringLiteral("bob@localhost"),
                         QStringLiteral("bob/desktop") }
        << QStringList { QStringLiteral("bob/desktop>localhost"), QStringLiteral("localhost>bob/desktop") }
        << true;
}

void tst_Timeline::lanesAndRows()
{
    QFETCH(QList<TraceEvent>, trace);
    QFETCH(QStringList, lanes);
    QFETCH(QStringList, rows);
    QFETCH(bool, serverTraffic);

    TimelineModel model;
    model.setIncludeServerTraffic(serverTraffic);
    for (const TraceEvent &e : std::as_const(trace))
        model.handleTrace(e);
    QCOMPARE(model.laneLabels(), lanes);
    QCOMPARE(model.rowCount(), rows.size());
    QCOMPARE(drawn(model), rows);
}

void tst_Timeline::svgExport()
{
    TimelineModel model;
    model.addRoom(Room);
    model.addSession(Phone);
    model.addSession(Laptop);
    model.addSession(Bob);
    for (const TraceEvent &e : forkTrace())
        model.handleTrace(e);

    const QByteArray svg = TimelineExport::svg(&model, QStringLiteral("Fork"));
    QDomDocument document;
    QString error;
    int line = 0;
    QVERIFY2(document.setContent(svg, true, &error, &line),
             qPrintable(QStringLiteral("%1 at line %2").arg(error).arg(line)));
    QCOMPARE(document.documentElement().tagName(), QStringLiteral("svg"));
    QCOMPARE(document.documentElement().namespaceURI(), QStringLiteral("http://www.w3.org/2000/svg"));
    QCOMPARE(imageMagickTrouble(document), QString());
    QCOMPARE(laneLabels(document),
             QStringList({ Room, Alice, QStringLiteral("alice/phone"), QStringLiteral("alice/laptop"),
                           QStringLiteral("bob@localhost"), QStringLiteral("bob/desktop") }));
    // One arrow (a line and its head) per hop, one marker per decision, a time per row.
    QCOMPARE(elements(document, QStringLiteral("line"), QStringLiteral("hop")).size(), 3);
    QCOMPARE(elements(document, QStringLiteral("polygon"), QStringLiteral("arrowhead")).size(), 3);
    QCOMPARE(elements(document, QStringLiteral("polygon"), QStringLiteral("fork")).size(), 1);
    QCOMPARE(elements(document, QStringLiteral("circle"), QStringLiteral("fork-target")).size(), 2);
    const QList<QDomElement> times = elements(document, QStringLiteral("text"), QStringLiteral("time"));
    QCOMPARE(times.size(), 4);
    QCOMPARE(FIRST_OF(times).text(), QStringLiteral("16:00:00.007"));
    // Hops are drawn in their kind's colour.
    for (const QDomElement &hop : elements(document, QStringLiteral("line"), QStringLiteral("hop")))
        QCOMPARE(hop.attribute(QStringLiteral("stroke")), QStringLiteral("#2f6fde"));

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("timeline.svg"));
    QVERIFY(TimelineExport::write(&model, path, QStringLiteral("Fork")));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), svg);
}

void tst_Timeline::pngExport()
{
    TimelineModel model;
    for (const TraceEvent &e : forkTrace())
        model.handleTrace(e);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("timeline.png"));
    QString error;
    QVERIFY2(TimelineExport::write(&model, path, QString(), &error), qPrintable(error));
    QImage image(path);
    QVERIFY(!image.isNull());
    QCOMPARE(image.width(), int(TimelineDrawing(&model).width()));
    QVERIFY(image.height() > 4 * TimelineDrawing::RowHeight);
    // Not blank: the arrows are there in the groupchat colour, among many other colours.
    const QRgb groupchat = QColor(0x2f, 0x6f, 0xde).rgb();
    int arrowPixels = 0;
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QRgb pixel = image.pixel(x, y);
            colours.insert(pixel);
            arrowPixels += (pixel & 0xffffff) == (groupchat & 0xffffff) ? 1 : 0;
        }
    }
    QVERIFY2(arrowPixels > 100, qPrintable(QString::number(arrowPixels)));
    QVERIFY(colours.size() > 20);
}

void tst_Timeline::selectionShowsFanOut()
{
    TimelinePanel panel;
    panel.resize(1000, 600);
    for (const TraceEvent &e : forkTrace())
        panel.handleTrace(e);
    panel.handleTrace(
        hop(5, 5, Direction::RoomToAccount, Kind::Presence, Room + QStringLiteral("/carol"), Alice));
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));

    QSignalSpy selected(&panel, &TimelinePanel::selectionChanged);
    panel.view()->setCurrentRow(2);
    QCOMPARE(selected.size(), 1);
    QCOMPARE(FIRST_OF(selected).at(0).toInt(), 2);
    QCOMPARE(FIRST_OF(selected).at(1).value<QVector<int>>(), QVector<int>({ 0, 1, 3 }));
    QCOMPARE(panel.highlightedSiblings(), QVector<int>({ 0, 1, 3 }));
    QVERIFY(panel.selectedXml().contains(QStringLiteral("<body>hello</body>")));
    QVERIFY(panel.selectedXml().contains(QLatin1Char('\n'))); // indented

    // A click on the last row: another fan-out, alone in it.
    TimelineView *view = panel.view();
    const QPoint last(int(view->viewport()->width() / 2),
                      int(TimelineDrawing::HeaderHeight + 4.5 * TimelineDrawing::RowHeight));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::NoModifier, last);
    QCOMPARE(view->currentRow(), 4);
    QCOMPARE(selected.size(), 2);
    QCOMPARE(LAST_OF(selected).at(1).value<QVector<int>>(), QVector<int>());
    QTest::keyClick(view, Qt::Key_Up);
    QCOMPARE(view->currentRow(), 3);
    QCOMPARE(panel.highlightedSiblings(), QVector<int>({ 0, 1, 2 }));
}

void tst_Timeline::capAndVisibleRows()
{
    TimelineModel model;
    model.setCapacity(5000);
    const QString bobInRoom = Room + QStringLiteral("/bob");
    for (quint64 id = 1; id <= 6000; ++id)
        model.handleTrace(hop(id, id, Direction::RoomToAccount, Kind::GroupChat, bobInRoom, Alice));
    QCOMPARE(model.rowCount(), 5000);
    QCOMPARE(model.droppedRows(), 1000);
    QCOMPARE(model.row(0).id, quint64(1001));

    TimelineView view(&model);
    view.resize(900, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTRY_VERIFY(view.paintedRows() > 0);
    // Only what fits in 400 pixels is painted, never the 5,000 rows.
    QVERIFY2(view.paintedRows() <= 400 / TimelineDrawing::RowHeight + 2,
             qPrintable(QString::number(view.paintedRows())));
    QVERIFY(view.isFollowing());
    // Repainting paints the visible rows again, still not the 5,000. (How long painting
    // takes is the frame benchmark's business, minimix-lab --bench-frames, not a test's.)
    view.viewport()->repaint();
    QVERIFY(view.paintedRows() > 0);
    QVERIFY2(view.paintedRows() <= 400 / TimelineDrawing::RowHeight + 2,
             qPrintable(QString::number(view.paintedRows())));
}

void tst_Timeline::labWindowHasTimeline()
{
    LabWindow window;
    QVERIFY(window.timeline());
    QVERIFY(window.timelineDock());
    QCOMPARE(window.timelineDock()->widget(), window.timeline());
    QVERIFY(window.findChild<QAction *>(QStringLiteral("exportTimelineSvg")));
    QVERIFY(window.findChild<QAction *>(QStringLiteral("exportTimelinePng")));
    // The lab's room and sessions are lanes before any traffic, in the lab's order.
    const QStringList lanes = window.timeline()->model()->laneLabels();
    QCOMPARE(lanes.mid(0, 5),
             QStringList({ window.room(), Alice, QStringLiteral("alice/phone"),
                           QStringLiteral("alice/laptop"), QStringLiteral("alice/web") }));
}

void tst_Timeline::headlessDemoTimeline()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("demo-timeline.svg"));
    QProcess lab;
    lab.setProcessChannelMode(QProcess::MergedChannels);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    lab.setProcessEnvironment(environment);
    lab.start(QStringLiteral(MINIMIX_LAB_BINARY),
              { QStringLiteral("--headless"), QStringLiteral("--screenshot"),
                dir.filePath(QStringLiteral("shot.png")), QStringLiteral("--timeline"), path });
    QVERIFY(lab.waitForStarted());
    QVERIFY(lab.waitForFinished(90000));
    const QString output = QString::fromUtf8(lab.readAll());
    if (lab.exitStatus() != QProcess::NormalExit || lab.exitCode() != 0)
        QTextStream(stderr) << output << Qt::endl; // whole: a test message keeps only its start
    QVERIFY2(lab.exitStatus() == QProcess::NormalExit && lab.exitCode() == 0,
             qPrintable(QStringLiteral("exit %1, see the output above").arg(lab.exitCode())));
    QVERIFY2(output.contains(QStringLiteral("Timeline: ")), qPrintable(output));

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QDomDocument document;
    QVERIFY(document.setContent(&file, true));
    QCOMPARE(imageMagickTrouble(document), QString());
    QCOMPARE(laneLabels(document).mid(0, 9),
             QStringList({ Room, Alice, QStringLiteral("alice/phone"), QStringLiteral("alice/laptop"),
                           QStringLiteral("alice/web"), QStringLiteral("bob@localhost"),
                           QStringLiteral("bob/desktop"), QStringLiteral("carol@localhost"),
                           QStringLiteral("carol/mobile") }));
    // The demo is all about forks: the room speaks to accounts, accounts fork to sessions.
    QVERIFY(elements(document, QStringLiteral("line"), QStringLiteral("hop")).size() > 20);
    QVERIFY(!elements(document, QStringLiteral("polygon"), QStringLiteral("fork")).isEmpty());
    QVERIFY(!elements(document, QStringLiteral("polygon"), QStringLiteral("replay")).isEmpty());
}

// The server notes a session going offline as a fork decision without a stanza: the
// timeline says what happened, not "fork".
void tst_Timeline::offlineIsNotAFork()
{
    TimelineModel model;
    TraceEvent offline;
    offline.id = 9;
    offline.fanOutId = 9;
    offline.time = QDateTime(QDate(2026, 11, 26), QTime(16, 0, 0), Qt::UTC);
    offline.direction = Direction::Fork;
    offline.kind = Kind::Other;
    offline.account = Alice;
    offline.room = Room;
    offline.targets = QStringList { Laptop };
    offline.note = QStringLiteral("session went offline; the account stays");
    model.handleTrace(offline);
    QCOMPARE(model.rowCount(), 1);
    QVERIFY(TimelineModel::isSessionOffline(model.row(0)));
    QCOMPARE(model.row(0).label,
             QStringLiteral("alice/laptop offline \u00b7 connection ended; the account stays in the room"));
    // A fork of a stanza is still one.
    model.handleTrace(decision(10, 10, Direction::Fork, { Phone }));
    QVERIFY(!TimelineModel::isSessionOffline(model.row(1)));
    QVERIFY2(model.row(1).label.startsWith(QStringLiteral("fork")), qPrintable(model.row(1).label));
}

void tst_Timeline::stanzaColumnStaysInView_data()
{
    QTest::addColumn<double>("zoom");
    QTest::newRow("100 %") << 1.0;
    QTest::newRow("150 %") << 1.5;
}

// Lanes wider than the view scroll under the stanza column, which stays in view at
// its least width, however far they scroll and whatever the zoom.
void tst_Timeline::stanzaColumnStaysInView()
{
    QFETCH(double, zoom);
    TimelineModel model;
    for (const TraceEvent &e : forkTrace())
        model.handleTrace(e);
    TimelineView view(&model);
    view.setZoom(zoom);
    view.resize(int(600 * zoom), 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTRY_VERIFY(view.paintedRows() > 0);
    QCOMPARE(view.rowHeight(), TimelineDrawing::RowHeight * zoom);
    QVERIFY(view.horizontalScrollBar()->maximum() > 0); // the lanes do not fit beside the column
    for (int value : { 0, view.horizontalScrollBar()->maximum() }) {
        view.horizontalScrollBar()->setValue(value);
        view.viewport()->repaint();
        const QRectF column = view.summaryColumn();
        QVERIFY2(column.left() >= 0 && column.right() <= view.viewport()->width() + 0.5,
                 qPrintable(QStringLiteral("%1..%2 of %3")
                                .arg(column.left())
                                .arg(column.right())
                                .arg(view.viewport()->width())));
        QVERIFY(column.width() >= TimelineDrawing::MinSummaryWidth * zoom - 0.5);
    }
}

QTEST_MAIN(tst_Timeline)
#include "tst_timeline.moc"
