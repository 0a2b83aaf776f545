#include <QTest>
class tst_malformedinput : public QObject {
    Q_OBJECT
private slots: void placeholder() { QSKIP("not yet"); } };
QTEST_GUILESS_MAIN(tst_malformedinput)
#include "tst_malformedinput.moc"
