package org.vigil.core;
