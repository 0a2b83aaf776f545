#include <QTest>
class tst_accountstore : public QObject {
    Q_OBJECT
private slots: void placeholder() { QSKIP("not yet"); } };
QTEST_GUILESS_MAIN(tst_accountstore)
#include "tst_accountstore.moc"
