// CAMEO event codes (GDELT): their Goldstein scores, their leading zeros, and
// the documented mapping of CAMEO root codes to Tocsin's violence types.
//
// Root codes and the violence type an event of that root gets:
//   01-13  verbal and material cooperation or conflict short of force: left out
//   14     PROTEST (demonstrations, hunger strikes, strikes, blockades): protest
//   15     EXHIBIT FORCE POSTURE (mobilisation, alerts): other
//   16     REDUCE RELATIONS (sanctions, expulsions of diplomats): left out
//   17     COERCE (seizures, arrests, repression short of killing): other
//   18     ASSAULT (abduction, torture, sexual violence, killing by physical
//          assault, non-military bombing, assassination: violence against
//          persons, not between armed forces): one-sided
//   19     FIGHT (conventional military force): state-based when either actor
//          is a state's (type GOV, MIL, COP or SPY, or a country coded alone,
//          as "AFG"), otherwise non-state
//   20     UNCONVENTIONAL MASS VIOLENCE (mass expulsion, mass killing, ethnic
//          cleansing, weapons of mass destruction): one-sided
// GDELT codes acts, not casualties, and its actor coding is automatic, so these
// types are coarser than UCDP's; series should not mix the two sources.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <map>

#include "tocsin/core/result.h"
#include "tocsin/monitor/event.h"

namespace tocsin::monitor {

// Immutable after Load; safe to share between threads.
class CameoTable {
 public:
  // Reads GDELT's CAMEO table with Goldstein scores (tab-separated; the first
  // column is the code, a column named "GoldsteinScale" the score; the format of
  // gdelt_cameo_goldstein.tsv). Errors name the file and line.
  static Result<CameoTable> Load(const std::string& path);

  std::optional<double> Goldstein(std::string_view code) const;
  bool Contains(std::string_view code) const { return goldstein_.find(code) != goldstein_.end(); }
  std::size_t size() const { return goldstein_.size(); }

 private:
  std::map<std::string, double, std::less<>> goldstein_;
};

// The violence type of an event with CAMEO root `root` ("14".."20"), or nullopt
// when the root is left out (see the table above). `state_actor` says whether
// either actor is coded as a state's.
std::optional<ViolenceType> CameoViolenceType(std::string_view root, bool state_actor);

// True for GDELT actor type codes of state forces and government.
bool IsStateActorType(std::string_view type_code);

// Restores the leading zeros that a numeric export dropped, using the root code
// (itself restored to two digits): ("43", "4") -> "043", ("211", "2") -> "0211",
// ("190", "19") -> "190". Returns nullopt when the code cannot belong to the root.
std::optional<std::string> RestoreCameoCode(std::string_view code, std::string_view root);
// "4" -> "04"; nullopt unless 1-20.
std::optional<std::string> RestoreCameoRoot(std::string_view root);

}  // namespace tocsin::monitor
