#include <QTest>
class tst_basicservices : public QObject {
    Q_OBJECT
private slots: void placeholder() { QSKIP("not yet"); } };
QTEST_GUILESS_MAIN(tst_basicservices)
#include "tst_basicservices.moc"
