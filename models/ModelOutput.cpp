#include "ModelOutput.h"
