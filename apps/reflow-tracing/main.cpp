#include <cstdio>
int main() {
  std::puts("rigatoni: placeholder");
  return 0;
}
