// ModelOutput.h is plain data; this file makes the header compile on its own in every build.
#include "ModelOutput.h"
