#pragma once

#include <QTableView>

namespace coroscope {

class ResponseBreakdownModel;
class StateCountsModel;

// The Overview's table of response checks and per-URL figures (ResponseBreakdownModel): shown only
// while some workload has checks or several URLs, so other profiles keep the page as it was.
class ResponseBreakdownView : public QTableView
{
    Q_OBJECT
public:
    explicit ResponseBreakdownView(QWidget *parent = nullptr);

    void follow(StateCountsModel *counts);
    ResponseBreakdownModel *breakdown() const { return m_model; }

private:
    ResponseBreakdownModel *m_model;
};

} // namespace coroscope
