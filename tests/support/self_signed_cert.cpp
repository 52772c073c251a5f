#include "support/self_signed_cert.h"

#include "support/program_path.h"
#include "support/run_command.h"

namespace testing_support {

core::Status MakeSelfSignedCert(const std::string& cert_path, const std::string& key_path) {
  CORE_ASSIGN_OR_RETURN(std::string openssl,
                        RequireProgram("openssl", DebianPackageHint("openssl")));
  ChildOptions cmd;
  cmd.argv = {openssl,
              "req",
              "-x509",
              "-newkey",
              "ec",
              "-pkeyopt",
              "ec_paramgen_curve:prime256v1",
              "-nodes",
              "-days",
              "2",
              "-subj",
              "/CN=127.0.0.1",
              "-addext",
              "subjectAltName=IP:127.0.0.1,DNS:localhost",
              "-keyout",
              key_path,
              "-out",
              cert_path};
  CORE_ASSIGN_OR_RETURN(CommandResult r, RunCommand(std::move(cmd)));
  if (!r.success()) return core::Internal("openssl req -x509 failed: " + r.Describe());
  return {};
}

}  // namespace testing_support
