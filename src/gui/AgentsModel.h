#pragma once

#include "fleet/FleetController.h"
#include "gui/ColumnTableModel.h"

#include <QDateTime>

#include <vector>

namespace coroscope {

// The agents of a fleet run as the controller sees them: one row each, lost ones in red with the
// reason in their tooltip, and the age of the last heartbeat counted from `now`.
class AgentsModel : public ColumnTableModel
{
    Q_OBJECT
public:
    enum Column { Name, Host, State, DonePerSecond, Done, P99, LoopLag, Heartbeat, ColumnCount };
    // The state's stable key (running, finished, lost, refused, failed...), for tests and colours.
    static constexpr int StateKeyRole = Qt::UserRole + 1;

    explicit AgentsModel(QObject *parent = nullptr);

    void setAgents(std::vector<AgentStatus> agents, const QDateTime &now);
    const std::vector<AgentStatus> &agents() const { return m_agents; }
    // The user-visible word for an agent's state ("done" for finished).
    static QString stateText(const AgentStatus &a);

protected:
    int rows() const override;
    QVariant cell(const QModelIndex &index, int role) const override;

private:
    std::vector<AgentStatus> m_agents;
    QDateTime m_now;
};

} // namespace coroscope
